import type { FitResult } from '../../../../shared/models'
import { baseName } from '../../lib/format'

const SOURCE_LABEL = {
  user: 'your figures',
  probe: "this machine's probe",
  os: 'from the OS',
  default: 'defaults for this CPU: enter your own for a better estimate'
}

/** A machine figure as people read it: as given if whole, else one decimal below 100 and none above. */
export const figure = (n: number) => (Number.isInteger(n) ? String(n) : n < 100 ? n.toFixed(1) : n.toFixed(0))

/** The figures the speed estimate uses, and beside them the machine probe of this project's latest speed job. */
export function MachineFigures({ fit }: { fit: FitResult }) {
  const { cpu, gpu } = fit.machine.speed
  const probe = fit.machine.probe
  const sampling = cpu.sampling ? `; sampling ${figure(cpu.sampling.schemaNs)} ns a vocabulary entry with the schema (${cpu.sampling.source})` : ''
  return (
    <>
      <p data-testid="speed-figures" className="muted">
        Speed per clip: {fit.job.promptTokens} prompt tokens (vision + instruction) and {fit.job.outputTokens} generated ({fit.job.outputSource}); CPU{' '}
        {figure(cpu.memoryBandwidthGBs)} GB/s, {figure(cpu.computeGflops)} GFLOP/s ({SOURCE_LABEL[cpu.source]}){sampling}
        {gpu && `; GPU ${gpu.memoryBandwidthGBs} GB/s, ${gpu.computeGflops} GFLOP/s (${gpu.source === 'default' ? 'a mid-range GPU' : gpu.source})`}.
      </p>
      <p data-testid="machine-probe" className="muted">
        {probe
          ? `Machine probe (speed job ${probe.jobId} on ${baseName(probe.model)}, ${new Date(probe.measuredAt).toLocaleString()}; ${probe.cpu}): ` +
            `${figure(probe.memoryBandwidthGBs)} GB/s, ${figure(probe.computeGflops)} GFLOP/s` +
            (probe.sampling
              ? `, sampling ${figure(probe.sampling.schemaNs)} ns (schema) / ${figure(probe.sampling.plainNs)} ns (plain) a vocabulary entry`
              : '') +
            (probe.representative ? '.' : '. A model this small runs from the CPU’s caches: only its sampling cost is used here.')
          : 'No machine probe yet: "Measure on this machine" runs one beside its clips.'}
      </p>
    </>
  )
}
