# Lab server figures (docs/performance.md, "Lab server"): RSS per idle
# session, and the round trip of a single step and of a Ctrl-C in one
# session while K other sessions spin in infinite loops on the default
# worker pool. A measurement, not a test.
#   python3 tests/bench/lab_slices_measure.py [BUILD_DIR] [extra lstar serve flags]
import socket, subprocess, time, sys
BUILD = sys.argv[1] if len(sys.argv) > 1 else 'build'
LSTAR = BUILD + '/server/lstar'; G = BUILD + '/guests/'
def frame(p): return ('$%s#%02x' % (p, sum(p.encode()) % 256)).encode()
class C:
    def __init__(s, port):
        s.s = socket.create_connection(('127.0.0.1', port)); s.s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1); s.buf=b''
    def send(s, b): s.s.sendall(b)
    def packet(s):
        while True:
            i = s.buf.find(b'$'); j = s.buf.find(b'#', i)
            if i >= 0 and j >= 0 and len(s.buf) >= j+3:
                p = s.buf[i+1:j]; s.buf = s.buf[j+3:]; s.s.sendall(b'+')
                if p.startswith(b'O') and p != b'OK': continue
                return p
            d = s.s.recv(65536)
            if not d: raise EOFError
            s.buf += d
def rss(pid):
    for l in open('/proc/%d/status' % pid):
        if l.startswith('VmRSS'): return int(l.split()[1])
def server(args, port):
    p = subprocess.Popen([LSTAR,'serve','--listen','127.0.0.1:%d'%port,'--max-sessions','300','--max-sessions-per-address','300']+args, stderr=subprocess.DEVNULL)
    time.sleep(0.5); return p
# idle memory
p = server([], 24001); base = rss(p.pid); conns=[]
for i in range(64):
    c = C(24001); c.send(frame('?')); c.packet(); conns.append(c)
time.sleep(0.5); after = rss(p.pid)
print('idle: baseline %d KiB, 64 sessions %d KiB, per session %.0f KiB' % (base, after, (after-base)/64))
for c in conns: c.s.close()
time.sleep(2); print('after close %d KiB' % rss(p.pid)); p.terminate(); p.wait()
# latency of a step with K spinners
for K in (0, 2, 16, 63):
    p = server([G+'nostdlib_loop'] + sys.argv[2:], 24002)
    spin=[]
    for i in range(K):
        c = C(24002); c.send(frame('c')); spin.append(c)
    time.sleep(0.5)
    probe = C(24002); lat=[]
    for i in range(100):
        t=time.perf_counter(); probe.send(frame('s')); probe.packet(); lat.append((time.perf_counter()-t)*1000)
    lat.sort()
    print('K=%d spinners: stepi round trip p50 %.2f ms p99 %.2f ms max %.2f ms' % (K, lat[49], lat[98], lat[-1]))
    probe.send(frame('c')); time.sleep(0.2)
    t=time.perf_counter(); probe.send(b'\x03'); probe.packet()
    print('   ctrl-c latency %.2f ms' % ((time.perf_counter()-t)*1000))
    for c in spin: c.s.close()
    probe.s.close(); p.terminate(); p.wait()
