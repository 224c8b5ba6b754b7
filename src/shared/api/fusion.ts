import { z } from 'zod'
import { JobInfo } from '../jobs'
import { FusionCaption, FusionSave, FusionStart, FusionTask } from '../output'

const clipRef = z.object({ clipId: z.number().int() })

/** Fusing a clip's structural caption into T2V / I2V prompts. */
export const fusionApi = {
  'fusion.start': { input: FusionStart, output: JobInfo },
  'fusion.get': { input: clipRef, output: z.object({ t2v: FusionCaption.nullable(), i2v: FusionCaption.nullable() }) },
  'fusion.save': { input: FusionSave, output: FusionCaption },
  'fusion.history': { input: clipRef.extend({ task: FusionTask }), output: z.array(FusionCaption) }
} as const
