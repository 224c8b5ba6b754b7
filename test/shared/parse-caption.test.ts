import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'csv-parse/sync'
import { describe, expect, it } from 'vitest'
import { StructuralCaption, emptySubject, serializeCaption } from '../../src/shared/caption'
import { parseCaption } from '../../src/shared/parseCaption'

const resultCsv = fileURLToPath(new URL('../../../shared/fixtures/skycaptioner_v1/examples/test_result.csv', import.meta.url))
const seedRows: { path: string; structural_caption: string }[] = parse(readFileSync(resultCsv), { columns: true })
const seedText = seedRows[1].structural_caption

describe('parseCaption on the seed model output', () => {
  it('parses every row of test_result.csv with zero problems', () => {
    expect(seedRows).toHaveLength(3)
    for (const row of seedRows) {
      const { caption, problems } = parseCaption(row.structural_caption)
      expect(problems, row.path).toEqual([])
      expect(StructuralCaption.safeParse(caption).success).toBe(true)
      expect(caption.subjects.length).toBeGreaterThan(0)
    }
  })

  it('keeps the values of the 2.mp4 row', () => {
    const { caption } = parseCaption(seedText)
    const json = JSON.parse(seedText)
    expect(caption.shot_type).toBe(json.shot_type)
    expect(caption.subjects[0].TYPES).toEqual({ type: 'Human', sub_type: 'Woman' })
    expect(caption.subjects[0].is_main_subject).toBe(true)
    expect(caption.lighting).toBe(json.lighting)
  })

  it('serialise then parse is lossless, and serialising the seed reproduces its JSON', () => {
    for (const row of seedRows) {
      const { caption } = parseCaption(row.structural_caption)
      const again = parseCaption(serializeCaption(caption))
      expect(again.problems).toEqual([])
      expect(again.caption).toEqual(caption)
      expect(JSON.parse(serializeCaption(caption))).toEqual(JSON.parse(row.structural_caption))
    }
  })
})

describe('parseCaption on broken output', () => {
  it('never throws and reports an empty string', () => {
    const { caption, problems } = parseCaption('')
    expect(caption.subjects).toEqual([])
    expect(problems.map((p) => p.kind)).toEqual(['not_json'])
  })

  it('reports prose with no JSON, keeping the text as the original', () => {
    const { problems } = parseCaption('I cannot describe this video.')
    expect(problems[0]).toMatchObject({ kind: 'not_json', original: 'I cannot describe this video.' })
  })

  it('strips code fences and prose around the JSON', () => {
    const wrapped = 'Sure! Here is the caption {as asked}:\n```json\n' + seedText + '\n```\nHope this helps.'
    const { caption, problems } = parseCaption(wrapped)
    expect(problems).toEqual([])
    expect(caption).toEqual(parseCaption(seedText).caption)
  })

  it('keeps the complete part of truncated JSON', () => {
    const cut = seedText.slice(0, seedText.indexOf('"shot_angle"') + 20)
    const { caption, problems } = parseCaption(cut)
    expect(problems[0].kind).toBe('truncated')
    expect(caption.subjects.length).toBe(parseCaption(seedText).caption.subjects.length)
    expect(caption.shot_type).toBe(JSON.parse(seedText).shot_type)
    expect(problems.some((p) => p.path === 'lighting' && p.kind === 'missing')).toBe(true)
  })

  it('closes a string cut in the middle of a value', () => {
    const { caption, problems } = parseCaption('{"shot_type": "close_up", "environment": "A dark ro')
    expect(caption.environment).toBe('A dark ro')
    expect(caption.shot_type).toBe('close_up')
    expect(problems[0].kind).toBe('truncated')
  })

  it('drops a dangling key and a half-written literal', () => {
    const a = parseCaption('{"lighting": "dim", "enviro')
    expect(a.caption.lighting).toBe('dim')
    const b = parseCaption('{"lighting": "dim", "subjects": [{"is_main_subject": tr')
    expect(b.caption.lighting).toBe('dim')
    expect(b.caption.subjects).toHaveLength(1)
    expect(b.caption.subjects[0].is_main_subject).toBe(false)
  })

  it('maps spellings of options and keeps unknown values as other with the original text', () => {
    const { caption, problems } = parseCaption(JSON.stringify({ shot_type: 'Close-Up', shot_angle: 'Eye Level', shot_position: 'dutch angle' }))
    expect(caption.shot_type).toBe('close_up')
    expect(caption.shot_angle).toBe('eye_level')
    expect(caption.shot_position).toBe('other')
    expect(problems).toContainEqual(expect.objectContaining({ path: 'shot_position', kind: 'out_of_options', original: 'dutch angle' }))
    expect(problems.filter((p) => p.path === 'shot_type' || p.path === 'shot_angle')).toEqual([])
  })

  it('coerces wrong types and says so', () => {
    const { caption, problems } = parseCaption(
      JSON.stringify({
        subjects: { TYPES: 'Animal/Dog', action: 42, is_main_subject: 'true', appearance: ['brown', 'small'] },
        lighting: null,
        extra: 1
      })
    )
    expect(caption.subjects).toHaveLength(1)
    const s = caption.subjects[0]
    expect(s.TYPES).toEqual({ type: 'Animal', sub_type: 'Dog' })
    expect(s.action).toBe('42')
    expect(s.appearance).toBe('brown, small')
    expect(s.is_main_subject).toBe(true)
    expect(s.expression).toBe('')
    const paths = problems.map((p) => `${p.kind}:${p.path}`)
    expect(paths).toEqual(
      expect.arrayContaining([
        'wrong_type:subjects',
        'wrong_type:subjects[0].TYPES',
        'wrong_type:subjects[0].action',
        'wrong_type:subjects[0].is_main_subject',
        'missing:subjects[0].expression',
        'missing:lighting',
        'extra_key:extra'
      ])
    )
  })

  it('fills a caption that is an empty object', () => {
    const { caption, problems } = parseCaption('{}')
    expect(caption).toEqual({ ...caption, subjects: [], shot_type: 'other', environment: '' })
    expect(problems.filter((p) => p.kind === 'missing')).toHaveLength(7)
  })

  it('drops non-object subjects and accepts keys in another case', () => {
    const { caption, problems } = parseCaption('{"Subjects": ["x", {"Types": {"type": "Plant", "sub_type": "Tree"}}]}')
    expect(caption.subjects).toEqual([{ ...emptySubject(), TYPES: { type: 'Plant', sub_type: 'Tree' } }])
    expect(problems.some((p) => p.path === 'subjects[0]' && p.kind === 'wrong_type')).toBe(true)
  })
})
