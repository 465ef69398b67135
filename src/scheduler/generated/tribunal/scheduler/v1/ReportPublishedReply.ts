// Original file: proto/scheduler.proto


export interface ReportPublishedReply {
  /**
   * The admission version after the report.
   */
  'publishedVersion'?: (number);
}

export interface ReportPublishedReply__Output {
  /**
   * The admission version after the report.
   */
  'publishedVersion': (number);
}
