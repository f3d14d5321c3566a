// What the bundled simple-git gets for `debug`: a logger that never logs. The real one inspects
// process.stderr when loaded, which builds the stderr stream — the biggest part of loading simple-git in a
// short CLI run (coord claim). Its output was only ever shown with DEBUG=simple-git.
function createDebug(namespace) {
  const log = () => {};
  log.namespace = namespace;
  log.enabled = false;
  log.extend = (sub, delimiter = ':') => createDebug(`${namespace}${delimiter}${sub}`);
  return log;
}
createDebug.formatters = {};
createDebug.enable = () => {};
createDebug.disable = () => '';
createDebug.enabled = () => false;
module.exports = createDebug;
module.exports.default = createDebug;
