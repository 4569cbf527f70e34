namespace lstar::kernel {}
