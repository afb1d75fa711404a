package io.etcddr.runbook.expr;

import java.util.List;

/**
 * A string value of a runbook, split into text and {@code ${{ cel }}} expressions. A value that is
 * exactly one expression keeps the expression's type ({@link Whole}); expressions inside longer
 * text are interpolated into a string ({@link Interpolated}).
 */
public sealed interface Template {

  /** Text with no expression in it. */
  record Literal(String text) implements Template {}

  /**
   * Exactly one expression.
   *
   * @param offset index in the original string where the expression's source starts
   */
  record Whole(String source, int offset) implements Template {}

  record Interpolated(List<Part> parts) implements Template {
    public Interpolated {
      parts = List.copyOf(parts);
    }
  }

  sealed interface Part {}

  record Text(String text) implements Part {}

  record Expression(String source, int offset) implements Part {}
}
