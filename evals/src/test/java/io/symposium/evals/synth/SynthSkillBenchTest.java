package io.symposium.evals.synth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

final class SynthSkillBenchTest {
  private static final Pattern OPTION = Pattern.compile("\\(([A-J])\\) (.+?)(?= \\([A-J]\\) |$)");
  private static final SkillBench BENCH = SkillBench.generate(42, 60);

  @Test
  void writeTo_sameSeed_sameBytes(@TempDir Path dir) throws Exception {
    List<Path> first = SkillBench.generate(7, 20).writeTo(dir.resolve("a"));
    List<Path> second = SkillBench.generate(7, 20).writeTo(dir.resolve("b"));
    for (int i = 0; i < first.size(); i++)
      assertThat(Files.readAllBytes(second.get(i))).isEqualTo(Files.readAllBytes(first.get(i)));
    assertThat(SkillBench.generate(8, 20).testJson())
        .isNotEqualTo(SkillBench.generate(7, 20).testJson());
  }

  @Test
  void interleavedValidation_everyRoundCoversEverySkill() {
    List<SkillItem> items = BENCH.interleavedValidation(4);
    int skills = Skill.values().length;
    assertThat(items).hasSize(4 * skills);
    for (int round = 0; round < 4; round++)
      assertThat(
              items.subList(round * skills, (round + 1) * skills).stream()
                  .map(SkillItem::skill)
                  .collect(Collectors.toSet()))
          .containsExactlyInAnyOrder(Skill.values());
    assertThat(BENCH.validation()).containsAll(items);
  }

  @Test
  void bundledServiceValidation_isTheDocumentedRecipe() throws Exception {
    // zoo/models/validation.json is GenerateSkillBench --seed 42 --per-skill 50
    // --service-validation 16; a regenerated benchmark that drifts from it must be re-bundled
    String bundled = Files.readString(Path.of("zoo/models/validation.json"));
    assertThat(bundled).isEqualTo(SkillBench.generate(42, 50).interleavedValidationJson(16));
  }

  @Test
  void trainingText_sameSeed_sameText() {
    List<Skill> mix = List.of(Skill.REVERSE_WORD, Skill.ADDITION);
    assertThat(TrainingText.expert(3, mix, 50)).isEqualTo(TrainingText.expert(3, mix, 50));
    assertThat(TrainingText.keywords(3, mix, 20)).isEqualTo(TrainingText.keywords(3, mix, 20));
    assertThat(TrainingText.aggregator(3, mix, 20)).isEqualTo(TrainingText.aggregator(3, mix, 20));
  }

  @Test
  void skills_atLeastSixteenInFiveDomains() {
    assertThat(Skill.values()).hasSizeGreaterThanOrEqualTo(16);
    assertThat(Arrays.stream(Skill.values()).map(Skill::domain).collect(Collectors.toSet()))
        .hasSizeGreaterThanOrEqualTo(5);
    assertThat(Arrays.stream(Skill.values()).map(Skill::id).distinct())
        .hasSize(Skill.values().length);
    assertThat(BENCH.test().stream().map(SkillItem::skill).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder(Skill.values());
  }

  @Test
  void generate_everyFormatOfEverySkill_inBothSplits() {
    for (List<SkillItem> split : List.of(BENCH.validation(), BENCH.test()))
      for (Skill skill : Skill.values())
        assertThat(
                split.stream()
                    .filter(item -> item.skill() == skill)
                    .map(SkillItem::format)
                    .collect(Collectors.toSet()))
            .as(skill.id())
            .containsExactlyInAnyOrderElementsOf(skill.formats());
  }

  @Test
  void multipleChoice_goldIsTheOptionHoldingTheAnswer() {
    for (SkillItem item : all()) {
      if (item.format() == ItemFormat.FREE) {
        assertThat(item.goldAnswer()).matches("-?\\d+").isEqualTo(item.answerValue());
        assertThat(item.question()).doesNotContain("The options are:");
        continue;
      }
      List<String> options = parseOptions(item.question());
      assertThat(options)
          .as(item.question())
          .hasSize(item.format().options())
          .doesNotHaveDuplicates();
      int gold = item.goldAnswer().charAt(0) - 'A';
      assertThat(item.goldAnswer()).hasSize(1);
      assertThat(options.get(gold)).isEqualTo(item.answerValue());
    }
  }

  @Test
  void answers_recomputedIndependently_agree() {
    Pattern add = Pattern.compile("(\\d+)\\D+(\\d+)");
    Pattern word = Pattern.compile("'([a-z]+)'");
    int checked = 0;
    for (SkillItem item : all()) {
      String stem = item.question().split(" The options are:")[0];
      String expected =
          switch (item.skill()) {
            case ADDITION -> {
              Matcher m = add.matcher(stem);
              assertThat(m.find()).isTrue();
              yield Integer.toString(Integer.parseInt(m.group(1)) + Integer.parseInt(m.group(2)));
            }
            case REVERSE_WORD -> {
              Matcher m = word.matcher(stem);
              assertThat(m.find()).isTrue();
              yield new StringBuilder(m.group(1)).reverse().toString();
            }
            case SORT_LETTERS -> {
              Matcher m = word.matcher(stem);
              assertThat(m.find()).isTrue();
              yield m.group(1)
                  .chars()
                  .sorted()
                  .collect(
                      StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append)
                  .toString();
            }
            case KM_TO_M -> Integer.toString(Integer.parseInt(stem.replaceAll("\\D+", "")) * 1000);
            case VOWEL_COUNT -> {
              Matcher m = word.matcher(stem);
              assertThat(m.find()).isTrue();
              yield Long.toString(m.group(1).chars().filter(c -> "aeiou".indexOf(c) >= 0).count());
            }
            case CAPITAL ->
                FactWorld.standard()
                    .capitalOf(
                        stem.replaceAll(".* of |\\?$|^(\\S+) has which.*", "$1").replace("?", ""));
            default -> null;
          };
      if (expected == null) continue;
      String gold =
          item.format() == ItemFormat.FREE
              ? item.goldAnswer()
              : parseOptions(item.question()).get(item.goldAnswer().charAt(0) - 'A');
      assertThat(gold).as(item.question()).isEqualTo(expected);
      checked++;
    }
    assertThat(checked).isGreaterThan(500);
  }

  @Test
  void parity_exactlyOneOptionHasTheAskedParity() {
    for (SkillItem item : all()) {
      if (item.skill() != Skill.PARITY) continue;
      int wanted = item.question().contains("even") ? 0 : 1;
      List<String> matching =
          parseOptions(item.question()).stream()
              .filter(o -> Integer.parseInt(o) % 2 == wanted)
              .toList();
      assertThat(matching).as(item.question()).containsExactly(item.answerValue());
    }
  }

  @Test
  void json_matchesTheBenchmarkSchema(@TempDir Path dir) throws Exception {
    var mapper = new ObjectMapper();
    List<Path> files = BENCH.writeTo(dir);
    assertThat(files.get(0).getFileName()).hasToString("SynthSkills_train.json");
    for (Path file : files.subList(0, 2)) {
      JsonNode root = mapper.readTree(file.toFile());
      assertThat(root.isArray()).isTrue();
      assertThat(root.size()).isEqualTo(60 * Skill.values().length);
      for (JsonNode item : root) {
        Set<String> keys = new HashSet<>();
        item.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactlyInAnyOrder("question", "gold_answer", "category");
        String question = item.get("question").asText();
        String gold = item.get("gold_answer").asText();
        assertThat(item.get("gold_answer").isTextual()).isTrue();
        if (question.contains(" The options are: (A) ")) {
          int options = parseOptions(question).size();
          assertThat(options).isIn(4, 10);
          assertThat(gold).matches("[A-J]");
          assertThat(gold.charAt(0) - 'A').isLessThan(options);
        } else {
          assertThat(gold).matches("\\d+");
        }
      }
    }
    JsonNode labels = mapper.readTree(files.get(2).toFile());
    assertThat(labels.size()).isEqualTo(2 * 60 * Skill.values().length);
    JsonNode first = labels.get(0);
    assertThat(first.get("split").asText()).isEqualTo("validation");
    assertThat(first.get("question").asText()).isEqualTo(BENCH.validation().getFirst().question());
    assertThat(Skill.byId(first.get("skill").asText()).labels()).isNotEmpty();
  }

  @Test
  void testSplit_sharesNoQuestionWithValidation() {
    Set<String> validation =
        BENCH.validation().stream().map(SkillItem::question).collect(Collectors.toSet());
    assertThat(validation).hasSize(BENCH.validation().size());
    assertThat(BENCH.test()).noneMatch(item -> validation.contains(item.question()));
  }

  @Test
  void expertText_drawnFromItsOwnStream_rarelyReplaysTestQuestions() {
    Set<String> test =
        BENCH.test().stream()
            .map(item -> TrainingText.expertPrompt(item.question()))
            .collect(Collectors.toSet());
    List<Skill> wideSkills =
        List.of(Skill.REVERSE_WORD, Skill.SORT_LETTERS, Skill.VOWEL_COUNT, Skill.COMPARE_NUMBERS);
    List<TrainingSample> training = TrainingText.expert(42, wideSkills, 2000);
    assertThat(training.stream().filter(sample -> test.contains(sample.prompt())).count())
        .isLessThan(20);
    assertThat(training)
        .allSatisfy(
            sample ->
                assertThat(sample.completion())
                    .matches(" .+ The answer is (\\([A-J]\\)|\\\\boxed\\{\\d+\\})"));
  }

  @Test
  void expertText_multipleChoice_looksUpTheOptionBeforeTheFinalLetter() {
    Pattern lookup = Pattern.compile(" \\(([A-J])\\) ([^()]+)\\. The answer is \\(([A-J])\\)$");
    List<TrainingSample> training =
        TrainingText.expert(7, List.of(Skill.REVERSE_WORD, Skill.CAPITAL, Skill.ADDITION), 300);
    int multipleChoice = 0;
    for (TrainingSample sample : training) {
      if (!sample.prompt().contains("The options are: ")) {
        assertThat(sample.completion())
            .as(sample.prompt())
            .matches(" [^()]+ The answer is \\\\boxed\\{\\d+\\}");
        continue;
      }
      multipleChoice++;
      Matcher m = lookup.matcher(sample.completion());
      assertThat(m.find()).as(sample.completion()).isTrue();
      String question =
          sample
              .prompt()
              .substring("Question: ".length(), sample.prompt().length() - "\nAnswer:".length());
      List<String> options = parseOptions(question);
      int letter = m.group(1).charAt(0) - 'A';
      // the lookup names the option that holds the worked step's value, and the final letter
      // repeats it
      assertThat(m.group(3)).isEqualTo(m.group(1));
      assertThat(options.get(letter)).isEqualTo(m.group(2));
      assertThat(sample.completion())
          .startsWith(" ")
          .contains(m.group(2) + ". (" + m.group(1) + ") ");
    }
    assertThat(multipleChoice).isGreaterThan(300);
  }

  @Test
  void aggregatorText_targetsTheCorrectAnswer() {
    for (TrainingSample sample : TrainingText.aggregator(5, List.of(Skill.ADDITION), 200)) {
      Matcher m =
          Pattern.compile(
                  "What is (\\d) \\+ (\\d)\\?|Add (\\d) and (\\d)\\.|sum of (\\d) and (\\d)\\.")
              .matcher(sample.prompt());
      assertThat(m.find()).as(sample.prompt()).isTrue();
      assertThat(sample.prompt()).contains("\nResponse 3: ").endsWith("\nAnswer:");
      int a = 0;
      for (int g = 1; g <= 6; g++) if (m.group(g) != null) a += Integer.parseInt(m.group(g));
      assertThat(sample.completion()).contains("=" + a + ".");
    }
  }

  @Test
  void keywordText_comesFromTheSkillsKeywordGroups() {
    for (TrainingSample sample : TrainingText.keywords(5, List.of(Skill.PARITY), 50)) {
      List<String> words = List.of(sample.completion().trim().split(", "));
      Set<String> allowed =
          Skill.PARITY.keywordGroups().stream().flatMap(List::stream).collect(Collectors.toSet());
      assertThat(words).isNotEmpty().allMatch(allowed::contains);
    }
  }

  private static List<SkillItem> all() {
    return java.util.stream.Stream.concat(BENCH.validation().stream(), BENCH.test().stream())
        .toList();
  }

  private static List<String> parseOptions(String question) {
    String tail =
        question.substring(question.indexOf("The options are: ") + "The options are: ".length());
    Matcher m = OPTION.matcher(tail);
    List<String> options = new java.util.ArrayList<>();
    while (m.find()) {
      assertThat(m.group(1).charAt(0)).isEqualTo((char) ('A' + options.size()));
      options.add(m.group(2));
    }
    return options;
  }

  @Test
  void factWorld_distractorCapitals_inTheOrderTheWorldWasBuilt() {
    // not a hash order: that changes from one JVM run to the next, and so would the benchmark's
    // bytes
    FactWorld world = FactWorld.standard();
    List<String> capitals = world.countries().stream().map(world::capitalOf).toList();

    assertThat(world.otherCapitals(capitals.getFirst()))
        .containsExactlyElementsOf(capitals.subList(1, capitals.size()));
  }
}
