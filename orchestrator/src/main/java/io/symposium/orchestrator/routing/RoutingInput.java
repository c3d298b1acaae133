package io.symposium.orchestrator.routing;

import java.util.List;

/**
 * Everything a router needs for one query, already in memory.
 *
 * @param profiles the active skill profiles
 * @param keywords the query's keywords mapped onto the profile vocabulary (§1.3), in order and with
 *     repeats: two raw keywords that map to the same vocabulary keyword count twice (§1.5); may be
 *     empty
 * @param options per-request options
 */
public record RoutingInput(SkillProfiles profiles, List<String> keywords, RoutingOptions options) {

  public RoutingInput {
    keywords = List.copyOf(keywords);
  }

  /** Routes {@code keywords} with {@link RoutingOptions#defaults()}. */
  public static RoutingInput of(SkillProfiles profiles, List<String> keywords) {
    return new RoutingInput(profiles, keywords, RoutingOptions.defaults());
  }
}
