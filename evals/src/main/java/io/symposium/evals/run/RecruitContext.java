package io.symposium.evals.run;

import io.symposium.orchestrator.routing.SkillProfiles;
import java.util.List;
import java.util.Map;

/**
 * What recruiters may look at: the profiles and the validation accuracies, never the test labels.
 */
public record RecruitContext(ValidationProfile validation, List<String> experts, int k) {
  public RecruitContext {
    experts = List.copyOf(experts);
  }

  public SkillProfiles profiles() {
    return validation.profiles();
  }

  public Map<String, Double> accuracy() {
    return validation.accuracy();
  }
}
