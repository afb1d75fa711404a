package io.etcddr.runbook.diagnostics;

/**
 * Every kind of problem the compiler reports, with a stable id that documentation and tests can
 * name. {@code structural} codes are ones the JSON Schema can also see; the others need the
 * compiler (graphs, expressions, cross-references).
 */
public enum DiagnosticCode {
  YAML_SYNTAX("RB001", true),
  EMPTY_FILE("RB002", true),
  FILE_TOO_LARGE("RB003", false),
  TOO_DEEP("RB004", false),
  MULTIPLE_DOCUMENTS("RB005", false),
  UNKNOWN_KEY("RB010", true),
  WRONG_TYPE("RB011", true),
  MISSING_KEY("RB012", true),
  BAD_API_VERSION("RB013", true),
  BAD_KIND("RB014", true),
  BAD_NAME("RB015", true),
  DUPLICATE_KEY("RB016", false),
  UNKNOWN_INPUT_TYPE("RB020", true),
  BAD_DEFAULT("RB021", false),
  REQUIRED_WITH_DEFAULT("RB022", false),
  BAD_INPUT_NAME("RB023", true),
  DUPLICATE_STEP_ID("RB030", false),
  BAD_STEP_ID("RB031", true),
  STEP_KIND("RB032", true),
  UNKNOWN_ACTIVITY("RB033", true),
  UNKNOWN_NEED("RB034", false),
  NEEDS_CYCLE("RB035", false),
  ON_NOT_ALLOWED("RB036", false),
  ON_MISSING("RB037", false),
  MISSING_WITH("RB038", true),
  UNKNOWN_WITH("RB039", true),
  WITH_TYPE("RB040", true),
  FIELD_NOT_FOR_KIND("RB041", false),
  EMPTY_STEPS("RB042", true),
  UNDOES("RB043", false),
  BAD_DURATION("RB050", true),
  BAD_CRON("RB051", false),
  BAD_RETRY("RB052", false),
  BAD_HEARTBEAT("RB053", false),
  BAD_APPROVAL("RB054", false),
  EXPRESSION_SYNTAX("RB060", false),
  EXPRESSION_TYPE("RB061", false),
  EXPRESSION_RESULT("RB062", false),
  UNTERMINATED_EXPRESSION("RB063", false),
  STEP_NOT_UPSTREAM("RB064", false),
  UNKNOWN_REFERENCE("RB065", false),
  SCHEDULE_INPUTS("RB070", false),
  TRIGGER("RB071", false),
  UNKNOWN_RUNBOOK("RB072", false),
  INTERNAL("RB099", false);

  private final String id;
  private final boolean structural;

  DiagnosticCode(String id, boolean structural) {
    this.id = id;
    this.structural = structural;
  }

  public String id() {
    return id;
  }

  /** True when the JSON Schema must reject a runbook with this problem too. */
  public boolean structural() {
    return structural;
  }
}
