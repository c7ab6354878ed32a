// Loaded with `node --require` into a local Ghost: Ghost's request log prints each URL whole,
// and the Content API takes its key in the query string (`?key=...`), so every Content API
// request would put the key into ghost.log. This masks the value of every `key`, `token` and
// `password` query parameter in what Ghost writes to stdout and stderr, the way Ghost itself
// masks them in its structured fields.
'use strict';

const SECRET_PARAMETER = /([?&](?:key|token|password)=)[^&\s"'\]]+/gi;

function redact(text) {
  return text.replace(SECRET_PARAMETER, '$1**REDACTED**');
}

function wrap(stream) {
  const originalWrite = stream.write;
  stream.write = function write(chunk, encoding, callback) {
    if (typeof chunk === 'string') {
      chunk = redact(chunk);
    } else if (Buffer.isBuffer(chunk) || chunk instanceof Uint8Array) {
      chunk = Buffer.from(redact(Buffer.from(chunk).toString('utf8')), 'utf8');
    }
    return originalWrite.call(this, chunk, encoding, callback);
  };
}

wrap(process.stdout);
wrap(process.stderr);
