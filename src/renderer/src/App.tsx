import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ToolsBanner } from './features/projects/ToolsBanner'
import type { ListQuery } from './features/library/useClipPages'
import { openScope, ProjectScopeProvider } from './lib/projectContext'
import { AnnotatorPrompt } from './shell/AnnotatorPrompt'
import { DiscardDialog } from './shell/DiscardDialog'
import { Header, mayView } from './shell/Header'
import { ScreenBoundary } from './shell/ScreenBoundary'
import { ExportView, LibraryView, ModelsView, OverlapList, ProjectsView, ReportView, ReviewView, SpeedPanel, TeamView } from './shell/screens'
import { useAnnotator } from './shell/useAnnotator'
import { useAppInfo } from './shell/useAppInfo'
import { useCaller } from './lib/caller'
import { useDesktopMenu } from './shell/useDesktopMenu'
import { useScreen } from './shell/useScreen'
import type { ProjectInfo } from '../../shared/contract'
import { formatHash, type Screen } from './lib/screen'

export function App() {
  const { info, error, setProject } = useAppInfo()
  const [typedName, setAnnotator] = useAnnotator()
  const caller = useCaller()
  // a person's own name goes on their work (the host puts it there anyway); the operator types one
  const person = caller?.kind === 'person'
  const annotator = person ? (caller.name ?? '') : typedName
  const [askName, setAskName] = useState(false)
  const dirty = useRef(false)
  const isDirty = useCallback(() => dirty.current, [])
  const { screen, pending, request, confirm, cancel } = useScreen(isDirty)
  const lastClip = useRef<number | null>(null)
  // Library sort/filter and scroll survive a visit to Review.
  const [libraryQuery, setLibraryQuery] = useState<ListQuery>({ sort: 'id', desc: false })
  const libraryScroll = useRef(0)

  if (screen.view === 'review' && screen.clipId != null) lastClip.current = screen.clipId

  const navigate = (view: Screen['view']): void => {
    request(view === 'review' ? { view, clipId: lastClip.current } : { view })
  }
  const openClip = useCallback((clipId: number) => request({ view: 'review', clipId }), [request])
  const onProjectOpened = (project: ProjectInfo): void => {
    setProject(project)
    lastClip.current = null
    libraryScroll.current = 0
    setLibraryQuery({ sort: 'id', desc: false })
    request({ view: 'library' })
  }
  const onDirtyChange = useCallback((value: boolean) => {
    dirty.current = value
  }, [])
  const discard = (): void => {
    dirty.current = false
    confirm()
  }

  const project = info?.project ?? null
  const projectId = project?.id ?? null
  // Every request of a project screen names this project, and every cache of the previous one
  // goes with it: clip ids restart at 1 in each one.
  const scope = useMemo(() => (projectId ? openScope(projectId) : null), [projectId])
  // the Models screen needs no project: choosing a quant comes before any clip
  const shown = project || screen.view === 'models' ? screen.view : 'projects'
  // a screen the caller may not use falls back to the Library (the host refuses its requests anyway)
  const view = mayView(shown, caller) ? shown : 'library'
  const menu = useDesktopMenu({ info, view, go: navigate, onProjectOpened })

  // Files dropped outside the Library's drop zone would make the browser open them in place of the studio.
  useEffect(() => {
    const keep = (event: DragEvent): void => {
      if (event.dataTransfer?.types.includes('Files')) event.preventDefault()
    }
    window.addEventListener('dragover', keep)
    window.addEventListener('drop', keep)
    return () => {
      window.removeEventListener('dragover', keep)
      window.removeEventListener('drop', keep)
    }
  }, [])

  return (
    <div className="app">
      <Header
        projectName={project?.name ?? null}
        active={view}
        annotator={annotator}
        caller={caller}
        onNavigate={navigate}
        onChangeAnnotator={() => setAskName(true)}
      />
      {error && (
        <div role="alert" className="banner error">
          Cannot load the studio: {error}
        </div>
      )}
      {info && <ToolsBanner tools={info.tools} />}
      {caller?.kind === 'operator' && (!annotator || askName) && (
        <AnnotatorPrompt
          initial={annotator}
          onSave={(name) => {
            setAnnotator(name)
            setAskName(false)
          }}
          onCancel={annotator ? () => setAskName(false) : undefined}
        />
      )}
      <main className="main">
        {!info && !error && <p className="muted pad">Loading…</p>}
        {/* A new screen (or clip) starts without the last one's error. */}
        <ScreenBoundary key={view === 'review' ? formatHash(screen) : view}>
          {info && view === 'projects' && (
            <ProjectsView
              current={project}
              folders={info}
              onOpened={onProjectOpened}
              nameProject={menu.nameProject}
              onNameProjectSeen={menu.onNameProjectSeen}
            />
          )}
          {view === 'models' && <ModelsView scope={scope} />}
          {scope && (
            <ProjectScopeProvider scope={scope}>
              {view === 'models' && <SpeedPanel key={scope.project} />}
              {view === 'export' && <ExportView key={scope.project} />}
              {view === 'report' && <ReportView key={scope.project} />}
              {view === 'team' && <TeamView key={scope.project} />}
              {view === 'overlap' && <OverlapList key={scope.project} onOpenClip={openClip} />}
              {view === 'library' && (
                <LibraryView
                  key={scope.project}
                  query={libraryQuery}
                  onQueryChange={setLibraryQuery}
                  scrollMemory={libraryScroll}
                  onOpenClip={openClip}
                  annotator={annotator}
                  menuImport={menu.menuImport}
                  onMenuImportSeen={menu.onMenuImportSeen}
                />
              )}
              {screen.view === 'review' && (
                <ReviewView
                  key={`${scope.project}:${screen.clipId}`}
                  clipId={screen.clipId}
                  annotator={annotator}
                  onDirtyChange={onDirtyChange}
                  onOpenLibrary={() => navigate('library')}
                  onOpenClip={openClip}
                  order={libraryQuery.sort === 'confidence' && !libraryQuery.desc ? 'confidence' : 'import'}
                />
              )}
            </ProjectScopeProvider>
          )}
        </ScreenBoundary>
      </main>
      {pending && <DiscardDialog onDiscard={discard} onKeep={cancel} />}
      {menu.overlay}
    </div>
  )
}
