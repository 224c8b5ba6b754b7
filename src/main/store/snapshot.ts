import { AgreementRowsRepo } from './agreementRows'
import { CalibrationRowsRepo } from './calibrationRows'
import { closeSnapshot, openSnapshot, type Db } from './db'
import { ExportRowsRepo } from './exportRows'
import { TeamRowsRepo } from './teamRows'

/**
 * A consistent read-only view of a project file on a connection of its own (see openSnapshot),
 * with the repositories long reads use. The app's connection stays free for saves meanwhile.
 */
export class ProjectSnapshot {
  readonly exportRows: ExportRowsRepo
  readonly agreementRows: AgreementRowsRepo
  readonly calibrationRows: CalibrationRowsRepo
  readonly teamRows: TeamRowsRepo
  private readonly db: Db

  constructor(file: string) {
    this.db = openSnapshot(file)
    try {
      this.exportRows = new ExportRowsRepo(this.db)
      this.agreementRows = new AgreementRowsRepo(this.db)
      this.calibrationRows = new CalibrationRowsRepo(this.db)
      this.teamRows = new TeamRowsRepo(this.db)
    } catch (err) {
      closeSnapshot(this.db)
      throw err
    }
  }

  close(): void {
    closeSnapshot(this.db)
  }
}
