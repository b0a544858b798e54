/** Every error dockopt raises on purpose. Internal positions are 0-based; reporters add 1. */
export interface SourcePosition {
  line: number;
  column: number;
}

export class DockoptError extends Error {
  constructor(
    message: string,
    readonly path: string | null = null,
    readonly position: SourcePosition | null = null,
  ) {
    super(message);
    this.name = new.target.name;
  }

  /** `path:line:column: message`, the form editors and CI annotators understand. */
  format(): string {
    const where = this.path ?? '<input>';
    if (!this.position) return `${where}: ${this.message}`;
    return `${where}:${this.position.line + 1}:${this.position.column + 1}: ${this.message}`;
  }
}

/** The Dockerfile cannot be read or parsed; nothing is rewritten. */
export class ParseError extends DockoptError {}

/** A config file has an unknown key or a bad value. */
export class ConfigError extends DockoptError {}

/** A command-line usage mistake. */
export class UsageError extends DockoptError {}

/** A pass threw: a bug in dockopt, reported with the pass that caused it. */
export class PassError extends DockoptError {
  constructor(
    readonly passId: string,
    readonly cause: unknown,
    path: string | null = null,
  ) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`internal error in pass "${passId}": ${reason}`, path);
  }
}
