/**
 * Runs `work` on up to `jobs` items at a time and hands the results to `consume` in input order,
 * starting the next item as each result is consumed: at most `jobs` inputs and outputs are held
 * at once, and everything written from the results (file names that depend on earlier files,
 * reports) comes out as it would one file at a time. Item i runs in lane `i % jobs`, so the
 * items in flight are always in different lanes (one engine each). `consume` returns false to
 * stop early; items already started finish unobserved.
 */
export async function inOrder<T, R>(
  items: readonly T[],
  jobs: number,
  work: (item: T, lane: number) => Promise<R>,
  consume: (result: R, item: T, index: number) => Promise<boolean | void> | boolean | void,
): Promise<void> {
  const lanes = Math.max(1, Math.floor(jobs));
  const inFlight: Promise<R>[] = [];
  let next = 0;
  const start = () => {
    const index = next++;
    inFlight.push(work(items[index], index % lanes));
  };
  while (next < items.length && inFlight.length < lanes) start();
  for (let index = 0; index < items.length; index += 1) {
    const result = await (inFlight.shift() as Promise<R>);
    if (next < items.length) start();
    if ((await consume(result, items[index], index)) === false) return;
  }
}
