// Original file: proto/scheduler.proto


export interface ReportProducedReply {
  /**
   * False when the report no longer matters (prompt consumed or re-issued).
   */
  'accepted'?: (boolean);
}

export interface ReportProducedReply__Output {
  /**
   * False when the report no longer matters (prompt consumed or re-issued).
   */
  'accepted': (boolean);
}
