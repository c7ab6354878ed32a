// Loaded with `node --require` into a local Ghost: refuses, and records, every DNS lookup
// and every connection to an address that is not loopback. ghostkit's tests read the record
// and expect it to be empty. One JSON line per attempt goes to $GHOSTKIT_NETGUARD_LOG.
'use strict';
const fs = require('fs');
const net = require('net');
const dns = require('dns');

const logFile = process.env.GHOSTKIT_NETGUARD_LOG;

function isLoopback(host) {
  if (host === undefined || host === null || host === '') return true; // Node defaults to localhost
  const h = String(host).toLowerCase().replace(/^\[|\]$/g, '');
  return h === 'localhost' || h.endsWith('.localhost') || h === '::1' ||
    h.startsWith('127.') || h.startsWith('::ffff:127.') || h === '0:0:0:0:0:0:0:1';
}

function record(kind, target) {
  const line = JSON.stringify({ kind, target: String(target), time: new Date().toISOString() });
  if (logFile) fs.appendFileSync(logFile, line + '\n');
}

function refusal(target) {
  const error = new Error(`ghostkit netguard: connection to ${target} refused (loopback only)`);
  error.code = 'ECONNREFUSED';
  return error;
}

const originalLookup = dns.lookup;
dns.lookup = function lookup(hostname, options, callback) {
  if (!isLoopback(hostname)) {
    record('dns.lookup', hostname);
    const cb = typeof options === 'function' ? options : callback;
    process.nextTick(() => cb(refusal(hostname)));
    return {};
  }
  return originalLookup.apply(this, arguments);
};

const originalPromiseLookup = dns.promises.lookup;
dns.promises.lookup = function lookup(hostname, options) {
  if (!isLoopback(hostname)) {
    record('dns.promises.lookup', hostname);
    return Promise.reject(refusal(hostname));
  }
  return originalPromiseLookup.apply(this, arguments);
};

function connectTarget(args) {
  const first = args[0];
  if (Array.isArray(first)) return connectTarget(first); // internal normalized form
  if (first && typeof first === 'object') {
    if (first.path) return null; // unix socket
    return { host: first.host, port: first.port };
  }
  if (typeof first === 'string' && isNaN(Number(first))) return null; // unix socket path
  return { host: typeof args[1] === 'string' ? args[1] : undefined, port: first };
}

const originalConnect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function connect(...args) {
  const target = connectTarget(args);
  if (target && !isLoopback(target.host)) {
    const where = `${target.host}:${target.port}`;
    record('connect', where);
    process.nextTick(() => this.destroy(refusal(where)));
    return this;
  }
  return originalConnect.apply(this, args);
};
