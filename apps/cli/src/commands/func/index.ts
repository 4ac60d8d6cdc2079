import * as build from './build';
import * as config from './config';
import * as create from './create';
import * as deploy from './deploy';
import * as invoke from './invoke';
import * as run from './run';

/** The `kuack func` subcommands; each module exports `register(funcCommand, ctx)`. */
export const FUNC_SUBCOMMANDS = [create, run, invoke, config, build, deploy];
