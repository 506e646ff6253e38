// Find a free TCP port on the loopback interface by binding port 0 and closing.
// (There is a small window in which another process could take it; callers
// that spawn a server on it retry when the server exits early.)
import net from 'node:net';

/** @returns {Promise<number>} */
export function freePort(host = '127.0.0.1') {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close((err) => (err ? reject(err) : resolve(port)));
    });
  });
}
