/** What one benchmark reports. Figures are printed as given (numbers with units in their names). */
export interface BenchResult {
  id: string;
  title: string;
  target: string;
  figures: Record<string, string | number>;
  pass: boolean;
  notes?: string;
}

/**
 * Prints the result as the one line the runner reads. `measuredHere` adds this process's peak RSS: true when
 * the benchmark ran in this process (P1, P2), false when it ran a package's script in a child process.
 */
export function report(result: BenchResult, measuredHere = true): void {
  const figures = measuredHere ? { ...result.figures, peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024) } : result.figures;
  process.stdout.write(`BENCH_RESULT ${JSON.stringify({ ...result, figures })}\n`);
}
