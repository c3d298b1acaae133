package io.symposium.pool.llamacpp.engine;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Tells whether llama.cpp b4916 really parsed a grammar. In b4916 {@code
 * llama_sampler_init_grammar} returns a working sampler even when the GBNF does not parse: the
 * parse error goes to stderr (not to the log callback) and the sampler then constrains nothing —
 * the silent failure of research/llamacpp-java.md §4. Later builds return NULL instead, which the
 * caller checks first.
 *
 * <p>So this reads the sampler's private context, {@code struct llama_sampler_grammar { const
 * llama_vocab * vocab; std::string grammar_str; std::string grammar_root; llama_grammar * grammar;
 * }}, behind {@code struct llama_sampler { iface; ctx; }}. A {@code std::string} is 8 bytes in
 * libstdc++'s old ABI (a pointer to the characters, the length 24 bytes before them; the bundled
 * manylinux2014 build uses it) and 32 bytes in the C++11 ABI (pointer, length, 16-byte buffer).
 * Private layouts are fragile, so the probe trusts the {@code grammar} pointer only after both
 * strings were found to hold exactly the grammar and root we passed under one of the two ABIs. A
 * library where neither matches is given the benefit of the doubt.
 */
final class GrammarProbe {
  private static final byte[] ROOT = "root".getBytes(StandardCharsets.UTF_8);

  private GrammarProbe() {}

  static boolean parsed(MemorySegment sampler, String grammar) {
    MemorySegment context = sampler.reinterpret(16).get(ADDRESS, 8);
    if (context.equals(MemorySegment.NULL)) {
      return true;
    }
    byte[] text = grammar.getBytes(StandardCharsets.UTF_8);
    MemorySegment fields = context.reinterpret(80);
    // old ABI: vocab@0, grammar_str@8, grammar_root@16, grammar@24
    if (oldAbiHolds(fields.get(ADDRESS, 8), text) && oldAbiHolds(fields.get(ADDRESS, 16), ROOT)) {
      return !fields.get(ADDRESS, 24).equals(MemorySegment.NULL);
    }
    // C++11 ABI: vocab@0, grammar_str@8, grammar_root@40, grammar@72
    if (newAbiHolds(fields, 8, text) && newAbiHolds(fields, 40, ROOT)) {
      return !fields.get(ADDRESS, 72).equals(MemorySegment.NULL);
    }
    return true;
  }

  private static boolean oldAbiHolds(MemorySegment data, byte[] expected) {
    if (data.address() < 4096 + 24) {
      return false;
    }
    long length = MemorySegment.ofAddress(data.address() - 24).reinterpret(8).get(JAVA_LONG, 0);
    return length == expected.length
        && Arrays.equals(data.reinterpret(length).toArray(JAVA_BYTE), expected);
  }

  private static boolean newAbiHolds(MemorySegment fields, long offset, byte[] expected) {
    long length = fields.get(JAVA_LONG, offset + 8);
    MemorySegment data = fields.get(ADDRESS, offset);
    return length == expected.length
        && data.address() >= 4096
        && Arrays.equals(data.reinterpret(length).toArray(JAVA_BYTE), expected);
  }
}
