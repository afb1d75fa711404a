package io.etcddr.runbook.model;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The runbooks a `runbook:` step may call, by `metadata.name`. */
public interface RunbookLibrary {

  /** The declared inputs of the named runbook, or empty when the library has no such runbook. */
  Optional<List<RunbookSpec.InputSpec>> inputsOf(String name);

  Set<String> names();

  RunbookLibrary EMPTY =
      new RunbookLibrary() {
        @Override
        public Optional<List<RunbookSpec.InputSpec>> inputsOf(String name) {
          return Optional.empty();
        }

        @Override
        public Set<String> names() {
          return Set.of();
        }
      };
}
