package io.symposium.evals.run;

import java.util.List;

/**
 * A method under evaluation: which answers it asks for ({@link Recruiter}) and how they may be
 * combined. A seeded method runs once per seed; the others once (their seeds would repeat it).
 */
public record Method(
    String name, boolean seeded, List<Aggregation> aggregations, Recruiter recruiter) {
  public Method {
    aggregations = List.copyOf(aggregations);
    if (!name.matches("[a-z0-9-]+"))
      throw new IllegalArgumentException("method names are lower-case words: " + name);
    if (aggregations.isEmpty()) throw new IllegalArgumentException(name + " has no aggregation");
  }

  /** Picks the answers for one question. */
  @FunctionalInterface
  public interface Recruiter {
    Recruitment recruit(RecruitContext context, EvalItem item, List<String> keywords, long seed);
  }

  /** {@code name+aggregation}, the label of one row of the results. */
  public String label(Aggregation aggregation) {
    return aggregations.size() == 1 && aggregation != Aggregation.SYNTHESIS
        ? name
        : name + "+" + aggregation.id();
  }
}
