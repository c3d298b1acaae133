package io.symposium.pool.template;

import java.beans.FeatureDescriptor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import jinjava.javax.el.ELContext;
import jinjava.javax.el.ELResolver;
import org.jspecify.annotations.Nullable;

/**
 * The Python string methods that Hugging Face chat templates call ({@code content.startswith(..)},
 * {@code .split('</think>')}, {@code .strip()}, …), which Jinjava, a Java engine, lacks: Python's
 * Jinja hands templates Python strings. Resolved before Jinjava's own resolvers; any other call
 * falls through to them.
 */
final class PythonStringMethods extends ELResolver {

  @Override
  public @Nullable Object invoke(
      ELContext context,
      @Nullable Object base,
      @Nullable Object method,
      Class<?> @Nullable [] paramTypes,
      @Nullable Object @Nullable [] params) {
    if (!(base instanceof String s) || method == null) {
      return null;
    }
    @Nullable Object[] args = params == null ? new Object[0] : params;
    Object result = call(s, method.toString(), args);
    if (result != null) {
      context.setPropertyResolved(true);
    }
    return result;
  }

  private static @Nullable Object call(String s, String method, @Nullable Object[] args) {
    return switch (method) {
      case "startswith" -> args.length == 1 ? s.startsWith(text(args[0])) : null;
      case "endswith" -> args.length == 1 ? s.endsWith(text(args[0])) : null;
      case "strip" -> args.length == 0 ? s.strip() : stripChars(s, text(args[0]), true, true);
      case "lstrip" ->
          args.length == 0 ? s.stripLeading() : stripChars(s, text(args[0]), true, false);
      case "rstrip" ->
          args.length == 0 ? s.stripTrailing() : stripChars(s, text(args[0]), false, true);
      case "split" -> args.length == 0 ? splitWhitespace(s) : split(s, text(args[0]));
      case "upper" -> args.length == 0 ? s.toUpperCase(Locale.ROOT) : null;
      case "lower" -> args.length == 0 ? s.toLowerCase(Locale.ROOT) : null;
      case "replace" -> args.length == 2 ? s.replace(text(args[0]), text(args[1])) : null;
      default -> null;
    };
  }

  private static String text(@Nullable Object arg) {
    return arg == null ? "None" : arg.toString();
  }

  private static String stripChars(String s, String chars, boolean leading, boolean trailing) {
    int from = 0;
    int to = s.length();
    while (leading && from < to && chars.indexOf(s.charAt(from)) >= 0) {
      from++;
    }
    while (trailing && to > from && chars.indexOf(s.charAt(to - 1)) >= 0) {
      to--;
    }
    return s.substring(from, to);
  }

  /** Python's {@code str.split(sep)}: every piece, empty ones included. */
  private static List<String> split(String s, String separator) {
    if (separator.isEmpty()) {
      throw new ChatTemplateException("the template called split with an empty separator");
    }
    List<String> parts = new ArrayList<>();
    int from = 0;
    for (int at = s.indexOf(separator); at >= 0; at = s.indexOf(separator, from)) {
      parts.add(s.substring(from, at));
      from = at + separator.length();
    }
    parts.add(s.substring(from));
    return parts;
  }

  private static List<String> splitWhitespace(String s) {
    String trimmed = s.strip();
    return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
  }

  @Override
  public @Nullable Object getValue(ELContext context, @Nullable Object base, Object property) {
    return null;
  }

  @Override
  public @Nullable Class<?> getType(ELContext context, @Nullable Object base, Object property) {
    return null;
  }

  @Override
  public void setValue(
      ELContext context, @Nullable Object base, Object property, @Nullable Object value) {}

  @Override
  public boolean isReadOnly(ELContext context, @Nullable Object base, Object property) {
    return true;
  }

  @Override
  public @Nullable Iterator<FeatureDescriptor> getFeatureDescriptors(
      ELContext context, @Nullable Object base) {
    return null;
  }

  @Override
  public @Nullable Class<?> getCommonPropertyType(ELContext context, @Nullable Object base) {
    return null;
  }
}
