package io.symposium.orchestrator.ui;

import static io.symposium.orchestrator.testing.ZooKeywords.FACTS;
import static io.symposium.orchestrator.testing.ZooKeywords.STRINGS;
import static org.assertj.core.api.Assertions.assertThat;

import io.symposium.orchestrator.SymposiumApplication;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.json.JsonMapper;

/**
 * The admin UI in a real headless Chromium against the whole service on the expert zoo (real
 * llama.cpp workers, PostgreSQL): sign in by keyboard, profile the zoo through the form and watch
 * the progress reach 100 %, read the specialists off the heatmap, explain and run a routed query,
 * open it from the log, sign out. Every page is checked with axe-core and photographed at desktop
 * and phone size (target/ui-screenshots).
 */
@SpringBootTest(
    classes = SymposiumApplication.class,
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
final class AdminUiIT {

  static final Path ZOO = Path.of("../evals/zoo/models").toAbsolutePath().normalize();
  static final String TASK = "ui-it-" + UUID.randomUUID().toString().substring(0, 8);
  static final String PASSWORD = "ui-" + UUID.randomUUID();

  static final String QUESTION = "What is 3 + 4? The options are: (A) 6 (B) 7 (C) 8 (D) 12";

  @DynamicPropertySource
  static void properties(DynamicPropertyRegistry registry) {
    registry.add("symposium.zoo.directory", ZOO::toString);
    registry.add("symposium.zoo.profile-on-start", () -> "false");
    registry.add("symposium.admin.password", () -> PASSWORD);
    registry.add("symposium.routing.default-task", () -> TASK);
  }

  @LocalServerPort int port;
  Browser browser;
  Path validation;

  @BeforeAll
  void start() throws IOException {
    validation = smallValidationFile();
    browser = new Browser("http://localhost:" + port);
  }

  @AfterAll
  void stop() {
    if (browser != null) {
      browser.close();
    }
  }

  /** A few questions of each zoo domain, so that a profiling run takes seconds. */
  static Path smallValidationFile() throws IOException {
    JsonMapper json = JsonMapper.builder().build();
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> all =
        json.readValue(ZOO.resolve("validation.json").toFile(), List.class);
    Map<String, Integer> perCategory =
        Map.of("facts", 4, "strings", 4, "arithmetic", 2, "logic", 2, "units", 2);
    Map<String, Integer> taken = new LinkedHashMap<>();
    List<Map<String, Object>> chosen = new ArrayList<>();
    for (Map<String, Object> item : all) {
      String category = (String) item.get("category");
      if (taken.merge(category, 1, Integer::sum) <= perCategory.getOrDefault(category, 0)) {
        chosen.add(item);
      }
    }
    Path file = Path.of("target/ui-it-validation.json").toAbsolutePath();
    Files.createDirectories(file.getParent());
    Files.writeString(file, json.writeValueAsString(chosen));
    return file;
  }

  @Test
  @Order(1)
  void withoutCredentials_apiRefusedAndPagesGoToTheLoginForm() {
    WebTestClient http = WebTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    http.get().uri("/admin/api/models").exchange().expectStatus().isUnauthorized();
    http.get()
        .uri("/admin/api/queries")
        .headers(h -> h.setBasicAuth("admin", "wrong"))
        .exchange()
        .expectStatus()
        .isUnauthorized();
    // the query API stays open, as before the admin UI
    http.get().uri("/v1/models").exchange().expectStatus().isOk();
    http.get().uri("/actuator/health").exchange().expectStatus().isOk();

    browser.open("/admin/profiles");
    browser.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().endsWith("/admin/login"));
    browser.open("/admin/api/models");
    browser.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().endsWith("/admin/login"));
    assertThat(browser.find("form").getAttribute("action")).endsWith("/admin/login");
    browser.screenshots("login");
    browser.assertAccessible("login");
  }

  @Test
  @Order(2)
  void login_byKeyboard_returnsToThePageAskedFor() {
    browser.open("/admin/login");
    browser.shown("#username");
    // a wrong password first: the form says so
    browser.find("#username").sendKeys("admin");
    browser.find("#password").sendKeys("not-it", Keys.ENTER);
    browser.shown(".notice.error");

    browser.find("#username").clear();
    browser.tabTo("username", 5);
    browser.press("admin", Keys.TAB, PASSWORD, Keys.ENTER);
    // back to the page first asked for (the profiles page, in the test before), never an API
    // address
    browser.waitFor(Duration.ofSeconds(30), d -> d.getCurrentUrl().contains("/admin/profiles"));
    browser.open("/admin/models");
    browser.waitFor(Duration.ofSeconds(30), d -> browser.all("#models-table tbody tr").size() >= 8);
    assertThat(browser.find("#user").getText()).isEqualTo("Signed in as admin");
    assertThat(browser.all("#models-table tbody tr[data-model]"))
        .extracting(r -> r.getAttribute("data-model"))
        .contains("expert-facts", "expert-strings", "keywords", "aggregator");
    assertThat(browser.find("#sum-models").getText()).isEqualTo(String.valueOf(8));
  }

  @Test
  @Order(3)
  void profiles_runProfilingFromTheForm_progressReaches100AndTheHeatmapShowsTheSpecialists() {
    browser.open("/admin/profiles");
    browser.shown("#run-form");
    browser.waitFor(Duration.ofSeconds(10), d -> browser.all("#run-experts input").size() >= 6);
    browser.find("#run-task").sendKeys(TASK);
    browser.find("#run-file").sendKeys(validation.toString());
    // the aggregator is not an expert to profile here
    WebElement aggregatorAsExpert = browser.find("#run-experts input[value=aggregator]");
    assertThat(aggregatorAsExpert.isSelected()).isFalse();
    assertThat(browser.find("#run-keyword").getAttribute("value")).isEqualTo("keywords");
    browser.find("#run-file").click();
    browser.tabTo("run-start", 40);
    browser.press(Keys.ENTER);

    browser.shown("#run-progress");
    List<Integer> seen = new ArrayList<>();
    browser.waitFor(
        Duration.ofMinutes(4),
        d -> {
          seen.add(Integer.parseInt(browser.find("#run-bar").getAttribute("value")));
          return browser.find("#run-percent").getText().equals("100 %");
        });
    assertThat(seen).as("progress values seen while the run streamed").isSorted();
    browser.waitFor(
        Duration.ofSeconds(20), d -> browser.find("#run-detail").getText().contains("finished"));
    browser.waitFor(
        Duration.ofSeconds(20),
        d -> !browser.all("#heatmap td.cell[data-model=expert-facts]").isEmpty());
    assertThat(browser.find("#task").getAttribute("value")).isEqualTo(TASK);

    Map<String, Map<String, int[]>> cells = heatmapCells();
    assertThat(cells).containsKeys("expert-facts", "expert-strings", "generalist-small");
    Set<String> keywords = cells.get("expert-facts").keySet();
    assertThat(keywords).as("facts keywords in the profile").containsAnyElementsOf(FACTS);
    assertThat(keywords).as("strings keywords in the profile").containsAnyElementsOf(STRINGS);
    // a specialist's own domain stands out: higher scores, and bluer cells, than the other domain
    assertThat(mean(cells.get("expert-facts"), FACTS, 0))
        .isGreaterThan(mean(cells.get("expert-facts"), STRINGS, 0));
    assertThat(mean(cells.get("expert-strings"), STRINGS, 0))
        .isGreaterThan(mean(cells.get("expert-strings"), FACTS, 0));
    assertThat(mean(cells.get("expert-facts"), FACTS, 1))
        .as("blue minus red of expert-facts' facts cells vs its strings cells")
        .isGreaterThan(mean(cells.get("expert-facts"), STRINGS, 1));
    assertThat(mean(cells.get("expert-facts"), FACTS, 0))
        .isGreaterThan(mean(cells.get("expert-strings"), FACTS, 0));

    // hover shows the raw score and its question count
    WebElement cell = browser.find("#heatmap td.cell[data-model=expert-facts]");
    new Actions(browser.driver).moveToElement(cell).perform();
    browser.waitFor(
        Duration.ofSeconds(5),
        d ->
            browser
                .find("#cell-detail")
                .getText()
                .matches(".*score [+-]?\\d+ from \\d+ question.*"));
    // the arrow keys move through the cells
    WebElement first = browser.find("#heatmap td.cell[tabindex='0']");
    first.click();
    browser.press(Keys.ARROW_RIGHT);
    assertThat(browser.script("return document.activeElement.dataset.keyword"))
        .isNotEqualTo(first.getAttribute("data-keyword"));
    // filter by keyword
    browser.find("#filter-keyword").sendKeys("letter");
    browser.waitFor(
        Duration.ofSeconds(5),
        d ->
            browser.all("#heatmap thead th button[data-keyword]").stream()
                .allMatch(b -> b.getAttribute("data-keyword").contains("letter")));
    browser.find("#filter-keyword").sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
    browser.waitFor(
        Duration.ofSeconds(5),
        d -> browser.all("#heatmap thead th button[data-keyword]").size() == keywords.size());
    assertThat(browser.all("#versions tbody tr")).hasSize(1);
    browser.screenshots("profiles");
    browser.assertAccessible("profiles");
  }

  /** model → keyword → {score, blue − red of the cell's computed background}. */
  private Map<String, Map<String, int[]>> heatmapCells() {
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> raw =
        (List<Map<String, Object>>)
            browser.script(
                "return [...document.querySelectorAll('#heatmap td.cell')].map(td => { const [r, g,"
                    + " b] = getComputedStyle(td).backgroundColor.match(/\\d+/g).map(Number);"
                    + " return {model: td.dataset.model, keyword: td.dataset.keyword, score:"
                    + " Number(td.dataset.score), blueness: b - r}; })");
    Map<String, Map<String, int[]>> out = new LinkedHashMap<>();
    for (Map<String, Object> c : raw) {
      out.computeIfAbsent((String) c.get("model"), m -> new LinkedHashMap<>())
          .put(
              (String) c.get("keyword"),
              new int[] {
                ((Number) c.get("score")).intValue(), ((Number) c.get("blueness")).intValue()
              });
    }
    return out;
  }

  private static double mean(Map<String, int[]> cells, Set<String> keywords, int field) {
    return cells.entrySet().stream()
        .filter(e -> keywords.contains(e.getKey()))
        .mapToInt(e -> e.getValue()[field])
        .average()
        .orElseThrow();
  }

  @Test
  @Order(4)
  void routing_explainEveryRouterThenRun_answerAndItsLogEntry() {
    browser.open("/admin/routing");
    browser.shown("#question").sendKeys(QUESTION);
    browser.tabTo("explain", 20);
    browser.press(Keys.ENTER);
    browser.waitFor(Duration.ofMinutes(2), d -> browser.all("section.router").size() == 3);
    assertThat(browser.all("#mapped li")).isNotEmpty();
    for (WebElement router : browser.all("section.router")) {
      double sum =
          router.findElements(By.cssSelector("td[data-probability]")).stream()
              .mapToDouble(td -> Double.parseDouble(td.getAttribute("data-probability")))
              .sum();
      assertThat(sum)
          .as("probabilities of %s", router.getAttribute("data-router"))
          .isBetween(0.999, 1.001);
      assertThat(router.findElement(By.cssSelector(".drawn")).getText()).isNotBlank();
    }
    browser.screenshots("routing-explained", "#routers-panel");
    browser.assertAccessible("routing (explained)");

    browser.tabTo("run-query", 10);
    browser.press(Keys.ENTER);
    browser.waitFor(Duration.ofMinutes(3), d -> !browser.all("#final-answer").isEmpty());
    assertThat(browser.all("#expert-answers tbody tr")).isNotEmpty();
    assertThat(browser.find("#final-answer").getText()).isNotBlank();
    browser.screenshots("routing-answered", "#answer-panel");
    browser.assertAccessible("routing (answered)");
  }

  @Test
  @Order(5)
  void queryLog_listShowsTheQuery_detailOpensItsWholeRecord() {
    browser.open("/admin/queries");
    browser.waitFor(
        Duration.ofSeconds(30), d -> !browser.all("#log tbody tr[data-query]").isEmpty());
    WebElement row = browser.find("#log tbody tr[data-query]");
    assertThat(row.getText()).contains("answered").contains("3 + 4");
    browser.screenshots("queries");
    browser.assertAccessible("query log");

    // the keyboard path: from the page's top to the newest query's link, then Enter
    browser.find("#status").click();
    browser.press(Keys.ESCAPE);
    browser.tabToText(row.findElement(By.tagName("a")).getText(), 10);
    browser.press(Keys.ENTER);
    browser.waitFor(Duration.ofSeconds(30), d -> d.getCurrentUrl().contains("/admin/queries/"));
    browser.waitFor(Duration.ofSeconds(30), d -> !browser.all("#experts tbody tr").isEmpty());
    assertThat(browser.find("#question").getText()).isEqualTo(QUESTION);
    assertThat(browser.find("#query-title").getText()).isEqualTo("Query · answered");
    browser.screenshots("query");
    browser.assertAccessible("query detail");
  }

  @Test
  @Order(6)
  void models_liveViewShowsTheLoadsTheQueriesCaused() {
    browser.open("/admin/models");
    browser.waitFor(
        Duration.ofSeconds(30),
        d -> browser.find("#timeline-summary").getText().contains("load(s) so far"));
    assertThat(Integer.parseInt(browser.shown("#sum-loads").getText())).isPositive();
    assertThat(browser.all("#timeline svg")).isNotEmpty();
    String expertLoads =
        browser.find("#models-table tr[data-model=expert-numbers] td[data-field=loads]").getText();
    assertThat(Integer.parseInt(expertLoads)).isPositive();
    browser.screenshots("models");
    browser.assertAccessible("models");
  }

  /**
   * The API-keys page on the reliability work's /admin/api/keys: a key created here is shown once,
   * gates /v1/** at once, and once revoked here the query API is open again (no active key left).
   */
  @Test
  @Order(7)
  void keys_createUseAndRevoke_theQueryApiFollows() throws Exception {
    try {
      createUseAndRevokeAKey();
    } finally {
      // an active key left behind would lock every later test class out of /v1/** (CI's ITs
      // share one database)
      revokeEveryKey();
    }
  }

  private void createUseAndRevokeAKey() throws Exception {
    browser.open("/admin/keys");
    browser.shown("#key-name").sendKeys("ui-it key");
    browser.press(Keys.ENTER);
    browser.waitFor(Duration.ofSeconds(30), d -> browser.find("#new-key").isDisplayed());
    String key = browser.find("#new-key-value").getDomProperty("value");
    assertThat(key).isNotBlank();
    browser.waitFor(
        Duration.ofSeconds(30),
        d ->
            browser.all("#keys tbody tr[data-key]").stream()
                .anyMatch(r -> r.getText().contains("ui-it key")));
    WebElement row =
        browser.all("#keys tbody tr[data-key]").stream()
            .filter(r -> r.getText().contains("ui-it key"))
            .findFirst()
            .orElseThrow();
    assertThat(row.getText()).contains("active");
    browser.screenshots("keys");
    browser.assertAccessible("api keys");

    assertThat(models(null)).isEqualTo(401);
    assertThat(models(key)).isEqualTo(200);

    // revoking takes two presses (arm, then confirm); the table is redrawn in between
    String id = row.getDomAttribute("data-key");
    browser.find("#keys tr[data-key='" + id + "'] button[data-action=revoke]").click();
    browser.waitFor(
        Duration.ofSeconds(10),
        d ->
            browser
                .find("#keys tr[data-key='" + id + "'] button[data-action=revoke]")
                .getText()
                .contains("Confirm"));
    browser.find("#keys tr[data-key='" + id + "'] button[data-action=revoke]").click();
    browser.waitFor(
        Duration.ofSeconds(30),
        d -> browser.find("#keys tr[data-key='" + id + "']").getText().contains("revoked"));
    // its only key revoked, the service has no active key: the query API is open again
    assertThat(models(null)).isEqualTo(200);
  }

  /** Revokes every active stored key through the admin API (HTTP Basic). */
  @SuppressWarnings("unchecked")
  private void revokeEveryKey() throws Exception {
    String basic =
        "Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    ("admin:" + PASSWORD).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    try (var client = java.net.http.HttpClient.newHttpClient()) {
      String body =
          client
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create("http://localhost:" + port + "/admin/api/keys"))
                      .header("Authorization", basic)
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString())
              .body();
      List<Map<String, Object>> keys = JsonMapper.builder().build().readValue(body, List.class);
      for (Map<String, Object> key : keys) {
        if (key.get("revokedAt") == null) {
          client.send(
              java.net.http.HttpRequest.newBuilder(
                      java.net.URI.create(
                          "http://localhost:" + port + "/admin/api/keys/" + key.get("id")))
                  .header("Authorization", basic)
                  .DELETE()
                  .build(),
              java.net.http.HttpResponse.BodyHandlers.discarding());
        }
      }
    }
  }

  /** The status of GET /v1/models with {@code key} as the bearer key, or with none. */
  private int models(@org.jspecify.annotations.Nullable String key) throws Exception {
    var request =
        java.net.http.HttpRequest.newBuilder(
            java.net.URI.create("http://localhost:" + port + "/v1/models"));
    if (key != null) {
      request.header("Authorization", "Bearer " + key);
    }
    try (var client = java.net.http.HttpClient.newHttpClient()) {
      return client
          .send(request.build(), java.net.http.HttpResponse.BodyHandlers.discarding())
          .statusCode();
    }
  }

  @Test
  @Order(8)
  void logout_byKeyboard_endsTheSession() {
    browser.open("/admin/queries");
    browser.shown("#logout");
    browser.tabTo("logout", 10);
    browser.press(Keys.ENTER);
    browser.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().endsWith("/admin/login?logout"));
    assertThat(browser.find(".notice").getText()).contains("signed out");
    browser.open("/admin/models");
    browser.waitFor(Duration.ofSeconds(10), d -> d.getCurrentUrl().endsWith("/admin/login"));
  }
}
