import { ENUM_FIELDS, type EnumField } from '../../shared/caption'
import { overlapping, probability, unlistedShare, type Alignment } from './align'
import type { StringNode } from './jsonSpans'

/**
 * An enum value's distribution over the options the schema allows, from the quoted value's tokens.
 *
 * Each option is spelled as its quoted JSON text. Walking the chosen tokens, an option stays alive while
 * the chosen text spells it; at the token where it stops (its divergence point) its probability is the
 * product of the chosen tokens before that point times the mass of the token's top_logprobs alternatives
 * that spell it further. The rest of its spelling past that point is not reported and counts as 1: once
 * an option is the only one a prefix allows, the schema forces the remaining tokens. An alternative that
 * spells several live options is shared equally among them. An option no listed alternative spells gets
 * the most it could have had (unlistedShare): what top_logprobs do not show is filled in on the side of doubt.
 * The chosen option is the product of its tokens up to the last divergence point, after which nothing
 * was left to decide. Alternatives no option allows (llama-server lists them before its grammar masks
 * them) drop out when the scores are renormalised over the options.
 */
export function enumDistribution(al: Alignment, node: StringNode, field: EnumField): Record<string, number> {
  const tokenIndexes = overlapping(al, node.start, node.end)
  const chosen = al.raw.slice(node.start, node.end)
  const options = ENUM_FIELDS[field] as readonly string[]
  const spelled = options.map((o) => JSON.stringify(o))
  // the part of the value token i covers, as offsets into the quoted text
  const inside = (i: number): [number, number] => [Math.max(al.starts[i], node.start) - node.start, Math.min(al.ends[i], node.end) - node.start]
  const diverges = (o: string, i: number): boolean => {
    const [lo, hi] = inside(i)
    return o.slice(lo, hi) !== chosen.slice(lo, hi)
  }
  // position in tokenIndexes where each option leaves the chosen path; -1: it is the chosen text
  const divergence = spelled.map((o) => tokenIndexes.findIndex((i) => diverges(o, i)))
  const chosenUpTo = (k: number): number => tokenIndexes.slice(0, k).reduce((p, i) => p * al.probs[i], 1)
  const last = Math.max(-1, ...divergence)
  const listed = options.map((_, n) => (divergence[n] < 0 ? 0 : alternativesFor(n, divergence[n])))
  const unlisted = (k: number) => divergence.filter((d, m) => d === k && listed[m] === 0).length
  const raw = options.map((_, n) => {
    const k = divergence[n]
    if (k < 0) return chosenUpTo(last + 1)
    return chosenUpTo(k) * (listed[n] > 0 ? listed[n] : unlistedShare(al, tokenIndexes[k], unlisted(k)))
  })
  const total = raw.reduce((a, b) => a + b, 0)
  return Object.fromEntries(options.map((o, n) => [o, total > 0 ? raw[n] / total : 0]))

  /** The mass of token k's alternatives that spell option n, shared with the other options alive there. */
  function alternativesFor(n: number, k: number): number {
    const i = tokenIndexes[k]
    const token = al.tokens[i]
    const [lo] = inside(i)
    // text of this token before the opening quote (`:"med` begins with `:`): an alternative must keep it
    const before = token.token.slice(0, Math.max(0, node.start - al.starts[i]))
    const alive = spelled.map((_, m) => divergence[m] < 0 || divergence[m] >= k)
    let mass = 0
    for (const alt of token.top) {
      if (alt.token === token.token || !alt.token.startsWith(before)) continue
      const rest = alt.token.slice(before.length)
      if (rest === '') continue
      const spells = (o: string) => o.slice(lo).startsWith(rest) || rest.startsWith(o.slice(lo))
      const sharing = spelled.filter((o, m) => alive[m] && spells(o)).length
      if (spells(spelled[n])) mass += probability(alt.logprob) / sharing
    }
    return mass
  }
}
