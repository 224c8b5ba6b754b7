import type { ToolStatus } from '../../../../shared/contract'

/** Import and playback metadata need ffprobe; say so plainly when it is missing. */
export function ToolsBanner({ tools }: { tools: ToolStatus }) {
  if (tools.ffmpeg && tools.ffprobe && !tools.problem) return null
  const missing = [!tools.ffmpeg && 'ffmpeg', !tools.ffprobe && 'ffprobe'].filter(Boolean).join(' and ')
  return (
    <div role="alert" className="banner error" data-testid="tools-banner">
      <strong>{missing ? `${missing} not found.` : 'Media tools problem.'}</strong>{' '}
      {tools.problem ?? 'Clips cannot be probed or imported until it is installed.'}
    </div>
  )
}
