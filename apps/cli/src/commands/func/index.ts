import * as build from './build';
import * as config from './config';
import * as create from './create';
import * as deleteCommand from './delete';
import * as deploy from './deploy';
import * as describe from './describe';
import * as invoke from './invoke';
import * as list from './list';
import * as run from './run';
import * as subscribe from './subscribe';

/** The `kuack func` subcommands; each module exports `register(funcCommand, ctx)`. */
export const FUNC_SUBCOMMANDS = [
  create,
  run,
  invoke,
  config,
  build,
  deploy,
  describe,
  list,
  deleteCommand,
  subscribe,
];
