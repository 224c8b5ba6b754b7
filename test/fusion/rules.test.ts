// The original vllm_fusion_caption.py's rules on the seed's real SkyCaptioner-V1 captions: which
// fields reach the LLM prompt for T2V and I2V, the camera-motion sentence, and the no-subjects path.
import { readFileSync } from 'node:fs'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { emptyCaption, emptySubject, type StructuralCaption } from '../../src/shared/caption'
import { parseCaption } from '../../src/shared/parseCaption'
import { fuseCaption } from '../../src/main/fusion/fuse'
import type { FusionLlm } from '../../src/main/fusion/llm'
import { fusionSystemPrompt } from '../../src/main/fusion/prompts'
import { augmentRandom, cameraSentence, cleanForFusion, finishFusion, planFusion } from '../../src/main/fusion/rules'
import { RESULT_CSV } from '../helpers/fixtures'

const rows = parse(readFileSync(RESULT_CSV), { columns: true }) as { path: string; structural_caption: string }[]
const seed = new Map(rows.map((r) => [r.path.split('/').pop()!, parseCaption(r.structural_caption).caption]))
const clip = (name: string): StructuralCaption => structuredClone(seed.get(name)!)

/** The structure as the LLM receives it: the JSON block between the prompt's headings. */
function promptInput(prompt: string | null): Record<string, unknown> {
  const match = /## Structured Input\n([\s\S]*?)\n\n## Notes/.exec(prompt ?? '')
  if (!match) throw new Error(`no structured input in ${prompt}`)
  return JSON.parse(match[1])
}

function recordingLlm(answer = 'A composed caption.'): FusionLlm & { prompts: string[] } {
  const prompts: string[] = []
  return {
    prompts,
    capacity: 1,
    provenance: { label: 'recording', details: {} },
    complete: async (system) => {
      prompts.push(system)
      return { text: `  ${answer}\n`, details: {} }
    }
  }
}

describe('fusion rules on the seed captions', () => {
  it('T2V of 2.mp4: shot fields, environment and lighting, subjects named by sub_type without TYPES or is_main_subject', () => {
    const plan = planFusion(clip('2.mp4'), 't2v')
    const input = promptInput(plan.prompt)
    expect(Object.keys(input)).toEqual(['num_subjects', 'subjects', 'shot_type', 'shot_angle', 'shot_position', 'environment', 'lighting'])
    expect(input).toMatchObject({
      num_subjects: 2,
      shot_type: 'close_up',
      shot_angle: 'eye_level',
      shot_position: 'side_view',
      environment: 'Interior of a car with dark upholstery.',
      lighting: 'Soft and natural lighting, suggesting daytime.'
    })
    const [woman, man] = input.subjects as Record<string, string>[]
    expect(Object.keys(woman)).toEqual(['appearance', 'action', 'expression', 'position', 'name'])
    expect(woman.name).toBe('Woman')
    expect(woman.expression).toMatch(/^The individual in the video exhibits a neutral facial expression/)
    expect(man).toEqual({
      appearance: 'Short hair, wearing a dark-colored suit with a white shirt.',
      action: '',
      expression: '',
      position: 'Seated in the background of the car, facing the woman.',
      name: 'Man'
    })
    expect(plan.prompt).not.toMatch(/TYPES|is_main_subject|camera_motion/)
    // the original's prompt, with the structure as json.dumps(indent=4) prints it
    expect(plan.prompt).toBe(fusionSystemPrompt('t2v', JSON.stringify(input, null, 4)))
    expect(plan.prompt!.startsWith('\nYou are an expert in video captioning.')).toBe(true)
    expect(plan.prompt).toContain(
      '## Structured Input\n{\n    "num_subjects": 2,\n    "subjects": [\n        {\n            "appearance": "Long, straight black hair'
    )
    expect(plan.prompt).toContain('1. First, declare the shot_type, then declare the shot_angle and the shot_position fields.')
    expect(plan.camera).toBe('')
  })

  it('I2V of 2.mp4: only name, action and expression; the man with neither action nor expression is dropped; no shot, environment or lighting', () => {
    const plan = planFusion(clip('2.mp4'), 'i2v')
    const input = promptInput(plan.prompt)
    expect(Object.keys(input)).toEqual(['num_subjects', 'subjects'])
    expect(input.num_subjects).toBe(1)
    const [woman] = input.subjects as Record<string, string>[]
    expect(Object.keys(woman)).toEqual(['action', 'expression', 'name'])
    expect(woman.name).toBe('Woman')
    expect(woman.action).toMatch(/^A woman wearing a sparkling choker necklace/)
    expect(plan.prompt).toContain('2. Second, describe each subject with its pure action and expression if these fields exist.')
    expect(plan.prompt).not.toMatch(/shot_type|environment"|lighting"|appearance|position"/)
  })

  it('1.mp4: expression only for Human/Animal; I2V keeps just the moving skier; the camera sentence is capitalised with a full stop', () => {
    const t2v = promptInput(planFusion(clip('1.mp4'), 't2v').prompt)
    const subjects = t2v.subjects as Record<string, string>[]
    expect(subjects.map((s) => s.name)).toEqual(['Other', 'Mountain', 'Tree', 'Mountain'])
    expect(subjects.every((s) => s.expression === '')).toBe(true)
    const i2v = planFusion(clip('1.mp4'), 'i2v')
    expect(promptInput(i2v.prompt)).toMatchObject({ num_subjects: 1, subjects: [{ name: 'Other' }] })
    expect(i2v.camera).toBe('The camera moves toward zooms in.')
  })

  it('3.mp4: an Animal keeps its expression field; the action is trimmed', () => {
    const caption = clip('3.mp4')
    caption.subjects[0].expression = 'calm'
    caption.subjects[0].action = `  ${caption.subjects[0].action}  \n`
    const [spider] = promptInput(planFusion(caption, 'i2v').prompt).subjects as Record<string, string>[]
    expect(spider).toMatchObject({ name: 'Insect', expression: 'calm' })
    expect(spider.action).toBe(clip('3.mp4').subjects[0].action.trim())
  })

  it('drops the expression of a Human/Accessory and of non-living subjects', () => {
    const caption = emptyCaption()
    caption.subjects = [
      { ...emptySubject(), action: 'waves', expression: 'happy', TYPES: { type: 'Human', sub_type: 'Accessory' } },
      { ...emptySubject(), action: 'sails', expression: 'proud', TYPES: { type: 'Vehicles', sub_type: 'Ship' } },
      { ...emptySubject(), action: 'barks', expression: 'angry', TYPES: { type: 'Animal', sub_type: 'Dog' } },
      { ...emptySubject(), action: '', expression: 'sad', TYPES: { type: 'Human', sub_type: '' } }
    ]
    const input = cleanForFusion(caption, 't2v', null)
    expect(input.subjects.map((s) => s.expression)).toEqual(['', '', 'angry', 'sad'])
    // no sub_type, no name key
    expect('name' in input.subjects[3]).toBe(false)
    // I2V keeps a subject with an expression but no action
    expect(cleanForFusion(caption, 'i2v', null).subjects.map((s) => s.name ?? '?')).toEqual(['Accessory', 'Ship', 'Dog', '?'])
  })

  it('cameraSentence is Python str.capitalize plus a full stop (as the original example "Use a handheld shot.")', () => {
    expect(cameraSentence('use a handheld shot')).toBe('Use a handheld shot.')
    expect(cameraSentence('the camera PANS to the NYC skyline')).toBe('The camera pans to the nyc skyline.')
    expect(cameraSentence('')).toBe('')
    expect(cameraSentence('Zoom in.')).toBe('Zoom in.')
  })

  it('joins the LLM text and the camera sentence as the original: stripped text, a space, the sentence (a trailing space without motion)', () => {
    const plan = planFusion(clip('1.mp4'), 't2v')
    expect(finishFusion(plan, '  A skier descends.\n')).toBe('A skier descends. The camera moves toward zooms in.')
    expect(finishFusion(planFusion(clip('2.mp4'), 't2v'), 'A woman talks.')).toBe('A woman talks. ')
  })
})

describe('the no-subjects path', () => {
  it('never calls the LLM: the original writes "-" and the camera sentence', async () => {
    const llm = recordingLlm()
    const caption = { ...clip('2.mp4'), subjects: [], camera_motion: 'camera pans left' }
    const fused = await fuseCaption(llm, caption, 't2v', { maxTokens: 512, augmentSeed: null, clipKey: 'x' })
    expect(fused).toMatchObject({ text: '- Camera pans left.', origin: 'rule' })
    expect(llm.prompts).toEqual([])
  })

  it('I2V of a clip whose subjects neither move nor show an expression skips the LLM too', async () => {
    const llm = recordingLlm()
    const caption = clip('2.mp4')
    caption.subjects = caption.subjects.map((s) => ({ ...s, action: '', expression: '' }))
    const i2v = await fuseCaption(llm, caption, 'i2v', { maxTokens: 512, augmentSeed: null, clipKey: 'x' })
    expect(i2v).toMatchObject({ text: '- ', origin: 'rule' })
    const t2v = await fuseCaption(llm, caption, 't2v', { maxTokens: 512, augmentSeed: null, clipKey: 'x' })
    expect(t2v).toMatchObject({ text: 'A composed caption. ', origin: 'model' })
    expect(llm.prompts).toHaveLength(1)
  })
})

describe('seeded augmentation', () => {
  const many = (): StructuralCaption => ({
    ...clip('3.mp4'),
    subjects: Array.from({ length: 40 }, () => ({ ...clip('3.mp4').subjects[0] }))
  })

  it('is off by default: every appearance, position and the lighting reach the prompt', () => {
    const input = cleanForFusion(many(), 't2v', null)
    expect(input.subjects.every((s) => 'appearance' in s && 'position' in s)).toBe(true)
    expect(input.lighting).toBeDefined()
  })

  it('drops appearance, position (10% each) and lighting (10%) reproducibly per seed and clip', () => {
    const dropped = { appearance: 0, position: 0, lighting: 0, subjects: 0 }
    for (let i = 0; i < 200; i++) {
      const input = cleanForFusion(many(), 't2v', augmentRandom(7, `clip-${i}`, 't2v'))
      for (const s of input.subjects) {
        dropped.subjects++
        if (!('appearance' in s)) dropped.appearance++
        if (!('position' in s)) dropped.position++
      }
      if (!('lighting' in input)) dropped.lighting++
    }
    expect(dropped.appearance / dropped.subjects).toBeGreaterThan(0.08)
    expect(dropped.appearance / dropped.subjects).toBeLessThan(0.12)
    expect(dropped.position / dropped.subjects).toBeGreaterThan(0.08)
    expect(dropped.position / dropped.subjects).toBeLessThan(0.12)
    expect(dropped.lighting).toBeGreaterThan(8)
    expect(dropped.lighting).toBeLessThan(35)

    const again = (seedValue: number) => JSON.stringify(cleanForFusion(many(), 't2v', augmentRandom(seedValue, 'clip-1', 't2v')))
    expect(again(7)).toBe(again(7))
    expect(again(7)).not.toBe(again(8))
  })
})
