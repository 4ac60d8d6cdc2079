// What function projects get from `@kuack/functions` at run time (their tests serve the function with it).
export { serve } from '../runtime/serve';
