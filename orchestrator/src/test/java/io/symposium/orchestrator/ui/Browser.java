package io.symposium.orchestrator.ui;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's {@code chromium} and {@code chromium-driver}) for the admin UI
 * tests, with what they do on every page: screenshots at a desktop and a phone size, an axe-core
 * accessibility check, and keyboard navigation.
 */
final class Browser implements AutoCloseable {

  static final Path SCREENSHOTS = Path.of("target/ui-screenshots");

  private static final Path CHROMIUM =
      Path.of(System.getProperty("chromium.binary", "/usr/bin/chromium"));
  private static final Path CHROMEDRIVER =
      Path.of(System.getProperty("chromium.driver", "/usr/bin/chromedriver"));

  final ChromeDriver driver;
  final String base;
  private final Path profile;

  Browser(String base) {
    if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
      throw new IllegalStateException(
          "the admin UI tests need Debian's chromium and chromium-driver ("
              + CHROMIUM
              + ", "
              + CHROMEDRIVER
              + "): apt-get install chromium chromium-driver (.ci/run installs them), or set"
              + " -Dchromium.binary and -Dchromium.driver");
    }
    this.base = base;
    try {
      profile = Files.createTempDirectory("symposium-ui-chromium");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--window-size=1280,800",
        "--user-data-dir=" + profile);
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
  }

  void open(String path) {
    driver.get(base + path);
  }

  WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  <T> T waitFor(Duration timeout, Function<WebDriver, T> condition) {
    // a page that redraws (a table reloaded) leaves stale elements behind: look again next poll
    return new WebDriverWait(driver, timeout, Duration.ofMillis(200))
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition);
  }

  /** Waits until an element matching {@code css} is shown. */
  WebElement shown(String css) {
    return waitFor(
        Duration.ofSeconds(20),
        d ->
            d.findElements(By.cssSelector(css)).stream()
                .filter(WebElement::isDisplayed)
                .findFirst()
                .orElse(null));
  }

  Object script(String js, Object... args) {
    return driver.executeScript(js, args);
  }

  String activeId() {
    return String.valueOf(script("return document.activeElement && document.activeElement.id"));
  }

  /**
   * Presses Tab until the element with {@code id} has the focus: that it is reachable by keyboard
   * is part of what the tests check.
   */
  void tabTo(String id, int maxTabs) {
    for (int i = 0; i < maxTabs; i++) {
      if (id.equals(activeId())) {
        return;
      }
      new Actions(driver).sendKeys(Keys.TAB).perform();
    }
    assertThat(activeId()).as("#%s reached with at most %d Tab presses", id, maxTabs).isEqualTo(id);
  }

  /** Presses Tab until the focused element's text is {@code text}. */
  void tabToText(String text, int maxTabs) {
    for (int i = 0; i < maxTabs; i++) {
      Object focused =
          script("return document.activeElement && document.activeElement.textContent.trim()");
      if (text.equals(focused)) {
        return;
      }
      new Actions(driver).sendKeys(Keys.TAB).perform();
    }
    assertThat(script("return document.activeElement.textContent.trim()"))
        .as("'%s' reached by keyboard", text)
        .isEqualTo(text);
  }

  void press(CharSequence... keys) {
    new Actions(driver).sendKeys(keys).perform();
  }

  /**
   * Writes {@code name}-desktop.png (1280×800) and {@code name}-phone.png (390×844) under
   * target/ui-screenshots, the viewport emulated exactly; the page is left at the desktop size.
   */
  void screenshots(String name) {
    screenshots(name, null);
  }

  /** {@link #screenshots(String)} with the element {@code scrollTo} scrolled to the top first. */
  void screenshots(String name, @org.jspecify.annotations.Nullable String scrollTo) {
    try {
      Files.createDirectories(SCREENSHOTS);
      shoot(name + "-desktop", 1280, 800, false, scrollTo);
      shoot(name + "-phone", 390, 844, true, scrollTo);
      driver.executeCdpCommand("Emulation.clearDeviceMetricsOverride", Map.of());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void shoot(
      String file,
      int width,
      int height,
      boolean mobile,
      @org.jspecify.annotations.Nullable String scrollTo)
      throws IOException {
    driver.executeCdpCommand(
        "Emulation.setDeviceMetricsOverride",
        Map.of("width", width, "height", height, "deviceScaleFactor", 1, "mobile", mobile));
    script("window.dispatchEvent(new Event('resize'))");
    if (scrollTo != null) {
      script("document.querySelector(arguments[0]).scrollIntoView()", scrollTo);
    }
    sleep(300); // a layout and the charts' resize
    Files.write(SCREENSHOTS.resolve(file + ".png"), driver.getScreenshotAs(OutputType.BYTES));
  }

  /** Runs axe-core on the page: no serious or critical WCAG 2.1 A/AA violation may be found. */
  void assertAccessible(String page) {
    Results results =
        new AxeBuilder()
            .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"))
            .analyze(driver);
    List<String> grave =
        results.getViolations().stream()
            .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
            .map(Browser::describe)
            .toList();
    assertThat(grave).as("serious or critical axe violations on %s", page).isEmpty();
  }

  private static String describe(Rule rule) {
    return rule.getId()
        + " ("
        + rule.getImpact()
        + "): "
        + rule.getHelp()
        + " at "
        + rule.getNodes().stream().limit(3).map(n -> String.valueOf(n.getTarget())).toList();
  }

  /**
   * Only for a screenshot after a window resize: there is no DOM event that says the charts have
   * redrawn, and a picture taken mid-resize is only ugly, never a wrong test result.
   */
  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    driver.quit();
    try (var files = Files.walk(profile)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory left behind is harmless
    }
  }
}
