/** What one benchmark reports. Figures are printed as given (numbers with units in their names). */
export interface BenchResult {
  id: string;
  title: string;
  target: string;
  figures: Record<string, string | number>;
  pass: boolean;
  notes?: string;
}

/** Prints the result as the one line the runner reads, plus peak RSS of this process. */
export function report(result: BenchResult): void {
  const peakRssMb = Math.round(process.resourceUsage().maxRSS / 1024);
  process.stdout.write(`BENCH_RESULT ${JSON.stringify({ ...result, figures: { ...result.figures, peakRssMb } })}\n`);
}
