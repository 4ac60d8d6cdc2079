// The example `kuack up` deploys: a plain Node.js HTTP server following Knative's runtime contract
// (listen on $PORT; K_REVISION names the revision that answered).
const http = require('node:http');

const server = http.createServer((req, res) => {
  res.setHeader('content-type', 'text/plain; charset=utf-8');
  res.end(`Hello ${process.env.TARGET || 'World'}! (revision ${process.env.K_REVISION || 'unknown'})\n`);
});
server.listen(Number(process.env.PORT || 8080));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
