/**
 * The entry of the esbuild bundle (dist/bundle/dockopt.cjs). The two launchers, the `dockopt`
 * bin and the worker thread's file, load the bundle (launch.cts) and call one of these; each
 * runs its module's top level only when called, so the CLI never initialises the worker's
 * message loop and a worker never parses arguments.
 */
export function cli(): Promise<unknown> {
  return import('./cli.js');
}

export function worker(): Promise<unknown> {
  return import('./pipeline/worker.js');
}
