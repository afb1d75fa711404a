package io.etcddr.lab;

import static org.assertj.core.api.Assertions.assertThat;

import io.etcddr.process.EtcdDrProcess;
import io.etcddr.process.FreePort;
import io.etcddr.testing.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * The console in Debian's headless Chromium, on the lab: alice logs in with her token and sees the
 * cluster and the failover waiting with what it would lose; she approves; bob, in a browser of his
 * own, approves too; the failover finishes and the page shows it. Screenshots are kept in
 * target/console/ (one is the README's).
 */
@OnTheLab
@LongScenario
class ConsoleIT {

  static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
  static final Path SHOTS = Path.of("target", "console");

  private static LabFixture fixture;

  @BeforeAll
  static void up() throws Exception {
    Prerequisites.need()
        .executable(CHROMIUM.toString())
        .executable(CHROMEDRIVER.toString())
        .orSkip();
    fixture = LabFixture.up();
    Files.createDirectories(SHOTS);
  }

  @AfterAll
  static void down() throws Exception {
    if (fixture != null) {
      fixture.close();
    }
  }

  @Test
  void twoPeopleApproveAFailoverInTheConsoleAndSeeItFinish() throws Exception {
    String api = fixture.apiHost() + ":" + FreePort.on(fixture.apiHost());
    Path tokenFile = Files.writeString(fixture.dir.resolve("api-token"), "console-it-token");
    try (EtcdDrProcess worker =
        fixture.worker("--http", api, "--api-token-file", tokenFile.toString())) {
      assertThat(fixture.addLearnerOnNode1()).contains("run completed");
      io.etcddr.cli.CliRun.of(fixture.args("doctor", "lab")); // its verdicts show on the page
      fixture.powerOff(LabFixture.SITE_A.toArray(String[]::new));
      fixture.cli("run", "failover-to-learner", "--set", "cluster=lab", "--set", "learner=node1");
      String console = "http://" + api + "/console/";
      WebDriver alice = browser();
      WebDriver bob = browser();
      try {
        logIn(alice, console, "alice");
        awaitText(alice, "Fail over lab to the learner on node1?");
        String page = bodyText(alice);
        assertThat(page).contains("Cluster lab").containsPattern("B node1 \\S+ (learner|voter)");
        assertThat(page).contains("Fail over lab to the learner on node1?").contains("are lost");
        assertThat(page).containsPattern("Certificates: CA expires in \\d+ d; the worker's client");
        assertThat(page).containsPattern("Doctor \\d+ (s|min) ago: ").contains("Readiness of lab");
        shot(alice, "1-alice-sees-the-failover-waiting");

        click(alice, "button.approve");
        awaitText(alice, "approved `go` for alice, identified by token; 1 more person needed");
        assertThat(alice.findElements(By.cssSelector("button.approve")))
            .as("alice approved: no button for her any more")
            .isEmpty();

        logIn(bob, console, "bob");
        awaitText(bob, "approved by alice (token); 1 more person needed");
        shot(bob, "2-bob-sees-alice-approved");
        click(bob, "button.approve");
        awaitText(bob, "approved `go` for bob, identified by token");

        awaitText(bob, "Nothing waits.");
        awaitRow(bob, "failover-to-learner/lab", "completed");
        shot(bob, "3-the-failover-finished");
        assertThat(bob.manage().getCookieNamed("etcd_dr_session").isHttpOnly()).isTrue();
      } finally {
        alice.quit();
        bob.quit();
      }
    }
  }

  private static WebDriver browser() {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(CHROMIUM.toFile());
    // root in CI: Chromium's sandbox needs an unprivileged user
    options.addArguments("--headless=new", "--no-sandbox", "--window-size=1280,1000");
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(30));
    return driver;
  }

  private static void logIn(WebDriver browser, String console, String person) {
    browser.get(console);
    browser.findElement(By.name("token")).sendKeys(fixture.tokens.get(person));
    click(browser, "form[action='/console/login'] button");
    awaitText(browser, person + " (sre)");
  }

  /** Waits until the page (which reloads itself every 5 s) shows every text. */
  private static void awaitText(WebDriver browser, String... texts) {
    long deadline = System.currentTimeMillis() + 180_000;
    String body = "";
    while (System.currentTimeMillis() < deadline) {
      body = bodyText(browser);
      if (List.of(texts).stream().allMatch(body::contains)) {
        return;
      }
      sleep();
    }
    throw new AssertionError("the console never showed " + List.of(texts) + "; it shows:\n" + body);
  }

  /** The page's text, read again from the new page when it reloaded meanwhile. */
  private static String bodyText(WebDriver browser) {
    return acrossReloads(() -> browser.findElement(By.tagName("body")).getText());
  }

  /** Clicks what {@code css} names, finding it again when the page reloaded in between. */
  private static void click(WebDriver browser, String css) {
    acrossReloads(
        () -> {
          browser.findElement(By.cssSelector(css)).click();
          return null;
        });
  }

  /**
   * The page reloads itself every 5 s, so an element found a moment ago may be gone, or the new
   * page not there yet: asks again, a few times. Chromium names a gone element in three ways.
   */
  private static <T> T acrossReloads(java.util.function.Supplier<T> ask) {
    for (int attempt = 0; ; attempt++) {
      try {
        return ask.get();
      } catch (org.openqa.selenium.WebDriverException reloading) {
        boolean gone =
            reloading instanceof org.openqa.selenium.StaleElementReferenceException
                || reloading instanceof org.openqa.selenium.NoSuchElementException
                || String.valueOf(reloading.getMessage())
                    .contains("does not belong to the document");
        if (!gone || attempt == 5) {
          throw reloading;
        }
        sleep();
      }
    }
  }

  private static void awaitRow(WebDriver browser, String run, String state) {
    awaitText(browser, run + " " + state);
  }

  private static void shot(WebDriver browser, String name) throws Exception {
    byte[] png = ((org.openqa.selenium.TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(SHOTS.resolve(name + ".png"), png);
  }

  private static void sleep() {
    try {
      Thread.sleep(500);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
