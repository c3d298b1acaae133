package io.symposium.pool.template;

import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.el.JinjavaInterpreterResolver;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jinjava.javax.el.CompositeELResolver;

/**
 * Renders Hugging Face chat templates with Jinjava the way Python's Jinja renders them for {@code
 * apply_chat_template}: {@code trim_blocks} and {@code lstrip_blocks} on, a {@code raise_exception}
 * function, Python's string methods ({@link PythonStringMethods}). Two spellings Jinjava's parser
 * does not take are rewritten first: the reversed slice {@code xs[::-1]} (to {@code (xs|reverse)})
 * and expressions as {@code namespace(..)} arguments (parenthesised, so that {@code
 * last=messages|length - 1} subtracts before it names).
 */
final class JinjaRenderer {

  /** Generous for any conversation, small enough that a runaway template stops. */
  private static final long MAX_OUTPUT_CHARS = 8L << 20;

  private static final Pattern REVERSED =
      Pattern.compile("([A-Za-z_][A-Za-z0-9_.]*(?:\\[[^\\]\\[]*\\])*)\\[\\s*::\\s*-1\\s*\\]");
  private static final Pattern NAMED_ARGUMENT =
      Pattern.compile("^\\s*([A-Za-z_][A-Za-z0-9_]*)\\s*=(?!=)(.*)$", Pattern.DOTALL);
  private static final String RAISED = "chat template raised: ";

  private final Jinjava jinjava;

  JinjaRenderer() {
    CompositeELResolver resolver = new CompositeELResolver();
    resolver.add(new PythonStringMethods());
    resolver.add(JinjavaInterpreterResolver.DEFAULT_RESOLVER_READ_ONLY);
    jinjava =
        new Jinjava(
            JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                .withElResolver(resolver)
                .withMaxOutputSize(MAX_OUTPUT_CHARS)
                // as Python's Jinja: {{- trims too, and its operator precedence
                .withLegacyOverrides(
                    LegacyOverrides.newBuilder()
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .build())
                .build());
    jinjava
        .getGlobalContext()
        .registerFunction(
            new ELFunctionDefinition(
                "", "raise_exception", JinjaRenderer.class, "raise", String.class));
  }

  /** Called by templates as {@code raise_exception(message)}. */
  public static String raise(String message) {
    throw new ChatTemplateException(RAISED + message);
  }

  /**
   * The template's output for {@code variables}.
   *
   * @throws ChatTemplateException when the template does not parse, fails, or raises
   */
  String render(String template, Map<String, Object> variables) {
    RenderResult result;
    try {
      result = jinjava.renderForResult(rewrite(template), variables);
    } catch (ChatTemplateException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new ChatTemplateException("the chat template failed: " + messageOf(e));
    }
    List<TemplateError> fatal =
        result.getErrors().stream()
            .filter(e -> e.getSeverity() == TemplateError.ErrorType.FATAL)
            .toList();
    if (!fatal.isEmpty()) {
      for (TemplateError error : fatal) {
        for (Throwable t = error.getException(); t != null; t = t.getCause()) {
          if (t instanceof ChatTemplateException raised) {
            throw raised;
          }
        }
      }
      throw new ChatTemplateException(
          "the chat template failed: "
              + fatal.stream()
                  .map(e -> "line " + e.getLineno() + ": " + e.getMessage())
                  .collect(Collectors.joining("; ")));
    }
    return result.getOutput();
  }

  private static String messageOf(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof ChatTemplateException c && c.getMessage() != null) {
        return c.getMessage();
      }
    }
    String message = e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message;
  }

  /** The template in the spellings Jinjava parses (see the class comment). */
  static String rewrite(String template) {
    String reversed =
        REVERSED
            .matcher(template)
            .replaceAll(m -> Matcher.quoteReplacement("(" + m.group(1) + "|reverse)"));
    return parenthesiseNamespaceArguments(reversed);
  }

  private static String parenthesiseNamespaceArguments(String template) {
    StringBuilder out = new StringBuilder();
    int from = 0;
    for (int at = template.indexOf("namespace(", from);
        at >= 0;
        at = template.indexOf("namespace(", from)) {
      int open = at + "namespace".length();
      int close = matchingParen(template, open);
      if (close < 0) {
        break; // unbalanced: leave it to the parser's own error
      }
      out.append(template, from, open + 1);
      List<String> arguments = splitTopLevel(template.substring(open + 1, close));
      for (int i = 0; i < arguments.size(); i++) {
        Matcher named = NAMED_ARGUMENT.matcher(arguments.get(i));
        out.append(i == 0 ? "" : ",")
            .append(
                named.matches()
                    ? named.group(1) + "=(" + named.group(2).strip() + ")"
                    : arguments.get(i));
      }
      out.append(')');
      from = close + 1;
    }
    return out.append(template.substring(from)).toString();
  }

  /** The index of the parenthesis that closes the one at {@code open}, skipping strings; or -1. */
  private static int matchingParen(String s, int open) {
    int depth = 0;
    char quote = 0;
    for (int i = open; i < s.length(); i++) {
      char c = s.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
        if (depth == 0) {
          return c == ')' ? i : -1;
        }
      }
    }
    return -1;
  }

  private static List<String> splitTopLevel(String arguments) {
    List<String> parts = new java.util.ArrayList<>();
    int depth = 0;
    char quote = 0;
    int start = 0;
    for (int i = 0; i < arguments.length(); i++) {
      char c = arguments.charAt(i);
      if (quote != 0) {
        if (c == '\\') {
          i++;
        } else if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(' || c == '[' || c == '{') {
        depth++;
      } else if (c == ')' || c == ']' || c == '}') {
        depth--;
      } else if (c == ',' && depth == 0) {
        parts.add(arguments.substring(start, i));
        start = i + 1;
      }
    }
    parts.add(arguments.substring(start));
    return parts;
  }
}
