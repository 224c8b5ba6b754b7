import { z } from 'zod'
import { AgreementReport } from '../output'

/** How often each pre-label source agrees with the approved captions. */
export const reportApi = {
  'report.agreement': { input: z.object({}).strict(), output: AgreementReport }
} as const
