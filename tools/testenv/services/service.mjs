// What every service module (kube, kafka, rabbitmq, registry, tools) provides to the manager.

/**
 * @typedef {object} Service
 * @property {string} name the name on the command line
 * @property {Array<{ command: string, pkg: string }>} needs commands it runs, and the Debian package that
 *   provides each (installed when the command is missing)
 * @property {() => Promise<void>} prepare builds and downloads into the cache; runs under the lock
 * @property {() => Promise<boolean>} isUp whether its processes run and answer
 * @property {() => Promise<void>} start starts it from nothing and waits until it is healthy
 * @property {() => Promise<void>} stop stops every process it started
 * @property {() => Record<string, string>} env the connection settings it exports
 * @property {() => string[]} logFiles the logs whose tail is shown when a start fails
 */

export {};
