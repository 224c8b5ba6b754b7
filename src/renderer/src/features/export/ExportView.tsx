import { ExportForm } from './ExportForm'
import { FusionJobPanel } from './FusionJobPanel'
import './export.css'

/** From corrected captions to training data: fuse T2V / I2V prose, then export. */
export function ExportView() {
  return (
    <div className="export-view pad">
      <FusionJobPanel />
      <ExportForm />
    </div>
  )
}
