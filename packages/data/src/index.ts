export * from './browser.js';
export { loadMnist, mnistDataDir } from './mnist.node.js';
