// The system prompts of the original SkyReels-V2 skycaptioner_v1/scripts/vllm_fusion_caption.py,
// byte for byte (interface data: the fused captions the team trains on came from these words).
// Each starts and ends with a newline, as the original's triple-quoted strings do.
import type { FusionTask } from '../../shared/output'

const INPUT = '{structured_input}'

const T2V = `
You are an expert in video captioning. You are given a structured video caption and you need to compose it to be more natural and fluent in English.

## Structured Input
${INPUT}

## Notes
1. According to the action field information, change its name field to the subject pronoun in the action.
2. If there has an empty field, just ignore it and do not mention it in the output.
3. Do not make any semantic changes to the original fields. Please be sure to follow the original meaning.

## Output Principles and Orders
1. First, declare the shot_type, then declare the shot_angle and the shot_position fields.
2. Second, eliminate information in the action field that is not related to the timing action, such as background or environment information if action is not empty.
3. Third, describe each subject with its pure action, appearance, expression, position if these fields exist.
4. Finally, declare the environment and lighting if the environment and lighting fields are not empty.

## Output
Please directly output the final composed caption without any additional information.
`

const I2V = `
You are an expert in video captioning. You are given a structured video caption and you need to compose it to be more natural and fluent in English.

## Structured Input
${INPUT}

## Notes
1. If there has an empty field, just ignore it and do not mention it in the output.
2. Do not make any semantic changes to the original fields. Please be sure to follow the original meaning.
3. If the action field is not empty, eliminate the irrelevant information in the action field that is not related to the timing action(such as wearings, background and environment information) to make a pure action field.

## Output Principles and Orders
1. First, eliminate the static information in the action field that is not related to the timing action, such as background or environment information.
2. Second, describe each subject with its pure action and expression if these fields exist.

## Output
Please directly output the final composed caption without any additional information.
`

/** The original's sampling: temperature 0.1, at most 512 new tokens, stop at the first blank line. */
export const FUSION_SAMPLING = { temperature: 0.1, maxTokens: 512, stop: ['\n\n'] } as const

/** The system message for one clip: the task's prompt with the cleaned structure put in. */
export function fusionSystemPrompt(task: FusionTask, structuredInput: string): string {
  // a function replacement, so `$` sequences in captions are not read as patterns
  return (task === 't2v' ? T2V : I2V).replace(INPUT, () => structuredInput)
}
