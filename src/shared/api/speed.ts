import { z } from 'zod'
import { JobInfo } from '../jobs'
import { SpeedMachine, SpeedMeasureStart, SpeedSummary } from '../speedMeasure'

/** Speed measured on this machine: project routes (the clips and the figures are the project's), unlike models.*. */
export const speedApi = {
  /** Times a local quant on a few of the project's clips, through the pre-label job path. */
  'speed.measure': { input: SpeedMeasureStart, output: JobInfo },
  /** Each quant's latest measurement in the project, beside the speed model's prediction for the given machine. */
  'speed.list': { input: z.object({ machine: SpeedMachine.optional() }), output: z.array(SpeedSummary) }
} as const
