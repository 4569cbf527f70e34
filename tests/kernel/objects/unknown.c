/* Uses a function no kernel provides: the load must fail, naming it. */
extern long no_such_kernel_function(long);
long uses_unknown(long x) { return no_such_kernel_function(x) + 1; }
