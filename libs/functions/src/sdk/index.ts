export { ensureFunctionSdk, SDK_DIR, type FunctionSdk } from './ensure-sdk';
