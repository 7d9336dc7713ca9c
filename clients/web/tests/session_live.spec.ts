// Intervisie live in three browsers: the facilitator leads an incident-method
// session through every phase; the participants' pages follow without
// reloading, offer only what the phase accepts (the server refuses a forged
// call), survive a kompasd restart with every event exactly once, and end
// with the evaluation and its summary.
import { test, expect, newMember, expectAccessible, screenshot, call, type Kompasd } from "./kompasd";
import type { Page } from "@playwright/test";

async function caseTitled(kompasd: Kompasd, title: string): Promise<{ name: string; id: string }> {
  const list = await call(kompasd, "bram-enschede", "CaseService/ListCases", {
    parent: "communities/wijkteams",
    status: "CASE_STATUS_OPEN",
  });
  const item = list.cases.find((c: { title: string }) => c.title.startsWith(title));
  return { name: item.name, id: item.name.split("/").pop() };
}

async function sessionSequence(kompasd: Kompasd, page: Page): Promise<string> {
  const name = `communities/wijkteams/sessions/${page.url().split("/").pop()}`;
  const session = await call(kompasd, "bram-enschede", "SessionService/GetSession", { name });
  return String(session.lastSequence ?? "0");
}

const phase = (page: Page) => page.locator("#phase-title");

test("a facilitator leads every phase, participants follow live, also across a restart", async ({
  browser,
  kompasd,
}) => {
  test.setTimeout(120_000);
  const item = await caseTitled(kompasd, "De basisschool vraagt");

  const bram = await newMember(browser, kompasd, "bram-enschede");
  await bram.page.goto(`/casus/${item.id}`);
  await bram.page.getByLabel("Methode").selectOption("incident");
  await bram.page.getByRole("button", { name: "Start de intervisie" }).click();
  await expect(bram.page).toHaveURL(/\/intervisie\/[^/]+$/);
  await expect(bram.page.getByRole("status").filter({ hasText: "verbonden" })).toBeVisible();
  const sessionUrl = bram.page.url();
  await expect(phase(bram.page)).toHaveText("Inbreng");

  const eva = await newMember(browser, kompasd, "eva-amsterdam");
  await eva.page.goto(`/casus/${item.id}`);
  await eva.page.getByRole("link", { name: "Naar de intervisie" }).click();
  await expect(eva.page).toHaveURL(sessionUrl);
  await eva.page.getByRole("button", { name: "Doe mee" }).click();
  // The case owner joins too.
  const anna = await newMember(browser, kompasd, "anna-zaanstad");
  await anna.page.goto(sessionUrl);
  await anna.page.getByRole("button", { name: "Doe mee" }).click();
  await expect(bram.page.getByRole("heading", { name: "Deelnemers (3)" })).toBeVisible();
  // By the names the community knows them by, the case owner marked.
  const participants = bram.page.getByRole("region", { name: /Deelnemers/ }).getByRole("listitem");
  await expect(participants.filter({ hasText: "Wijkteammedewerker Amsterdam" })).toHaveCount(1);
  await expect(participants.filter({ hasText: "(inbrenger)" })).toHaveCount(1);

  // Verhelderende vragen: she may only ask; advice is closed, also to the API.
  await bram.page.getByRole("button", { name: "Volgende fase" }).click();
  await expect(phase(eva.page)).toHaveText("Verhelderende vragen");
  await expect(eva.page.getByText("In de fase Verhelderende vragen stel je alleen vragen.")).toBeVisible();
  const composer = eva.page.getByRole("form", { name: "Jouw inbreng" });
  await expect(composer.getByRole("radio")).toHaveCount(1);
  await expect(composer.getByRole("radio", { name: /advies/ })).toHaveCount(0);
  await expectAccessible(eva.page, "Intervisie (deelnemer)");
  await screenshot(eva.page, "10-intervisie-deelnemer");
  await expect(
    call(kompasd, "eva-amsterdam", "CaseService/CreateReflection", {
      parent: item.name,
      reflection: { kind: "REFLECTION_KIND_ADVICE", text: "Ik zou het gewoon doen." },
    }),
  ).rejects.toThrow(/failed_precondition/);

  await composer.getByLabel("Je inbreng").fill("Weet de ouder dat de school het vraagt?");
  await composer.getByRole("button", { name: "Inbreng plaatsen" }).click();
  await expect(bram.page.locator(".reflection")).toContainText("Weet de ouder dat de school het vraagt?");
  await expect(bram.page.locator(".reflection .reflection-meta")).toContainText("Wijkteammedewerker Amsterdam");
  await expect(eva.page.locator(".reflection")).toHaveCount(1);

  // kompasd restarts mid-session. Browser sessions live in its memory, so
  // both ask to sign in again; then each page carries on where it was.
  await kompasd.restart();
  for (const [who, member] of [
    [bram, "bram-enschede"],
    [eva, "eva-amsterdam"],
    [anna, "anna-zaanstad"],
  ] as const) {
    const dialog = who.page.getByRole("dialog", { name: "Meld je opnieuw aan" });
    await expect(dialog).toBeVisible({ timeout: 20_000 });
    await dialog.getByLabel("Persoonlijke code").fill(kompasd.token(member));
    await dialog.getByRole("button", { name: "Aanmelden" }).click();
    await expect(dialog).toBeHidden();
  }
  await expect(eva.page.getByRole("status").filter({ hasText: "verbonden" })).toBeVisible({ timeout: 20_000 });
  await expect(bram.page.getByRole("status").filter({ hasText: "verbonden" })).toBeVisible({ timeout: 20_000 });

  // Analyse, Advies: the pages follow; the owner listens during the advice.
  await bram.page.getByRole("button", { name: "Volgende fase" }).click();
  await expect(phase(eva.page)).toHaveText("Analyse");
  await bram.page.getByRole("button", { name: "Volgende fase" }).click();
  await expect(phase(eva.page)).toHaveText("Advies");
  await expect(composer.getByRole("radio", { name: /advies/ })).toHaveCount(1);
  // Every event exactly once: one reflection, and the page is at the stored sequence.
  await expect(eva.page.locator(".reflection")).toHaveCount(1);
  await expect(bram.page.locator(".reflection")).toHaveCount(1);
  const stored = await sessionSequence(kompasd, bram.page);
  await expect(eva.page.locator("article.session")).toHaveAttribute("data-sequence", stored);
  await expect(bram.page.locator("article.session")).toHaveAttribute("data-sequence", stored);

  // Terug naar… and forward again.
  await bram.page.getByLabel("Terug naar").selectOption({ label: "Analyse" });
  await bram.page.getByRole("button", { name: "Ga terug" }).click();
  await expect(phase(eva.page)).toHaveText("Analyse");
  await bram.page.getByRole("button", { name: "Volgende fase" }).click();
  await expect(phase(eva.page)).toHaveText("Advies");

  // Conclusie: the facilitator records one; the participants see it live.
  await bram.page.getByRole("button", { name: "Volgende fase" }).click();
  await expect(phase(eva.page)).toHaveText("Conclusie");
  const conclusion = bram.page.getByRole("form", { name: "Conclusie vastleggen" });
  await conclusion.getByLabel("De conclusie van de groep").fill("Vraag eerst de ouder om toestemming voordat je iets deelt.");
  await conclusion.getByRole("button", { name: "Conclusie vastleggen" }).click();
  await expect(eva.page.getByRole("heading", { name: "Conclusies (1)" })).toBeVisible();
  await expect(eva.page.getByText("Vraag eerst de ouder om toestemming")).toBeVisible();
  await screenshot(bram.page, "11-intervisie-gespreksleider");

  // Evaluatie: each answers once; the summary shows from three answers on.
  await bram.page.getByRole("button", { name: "Volgende fase" }).click();
  await expect(phase(eva.page)).toHaveText("Evaluatie");
  for (const who of [eva, bram]) await evaluate(who.page);
  await expect(eva.page.getByText(/De samenvatting verschijnt vanaf 3 evaluaties/)).toBeVisible();
  await bram.page.once("dialog", (d) => d.accept());
  await bram.page.getByRole("button", { name: "Sessie sluiten" }).click();
  await expect(eva.page.getByText("gesloten", { exact: true })).toBeVisible();
  await evaluate(anna.page);
  await expect(anna.page.getByRole("heading", { name: "Samenvatting van 3 evaluaties" })).toBeVisible();
  await expectAccessible(anna.page, "Intervisie (evaluatie)");
  await screenshot(anna.page, "12-intervisie-evaluatie");
  for (const who of [bram, eva, anna]) await who.context.close();
});

async function evaluate(page: Page) {
  const form = page.getByRole("form", { name: "Hoe was deze intervisie voor jou?" });
  await form.getByRole("group", { name: "Hoe veilig voelde het om vrijuit te spreken?" }).getByLabel("4 · grotendeels").check();
  await form.getByRole("group", { name: "Is het dilemma je duidelijker geworden?" }).getByLabel("5 · helemaal").check();
  await form.getByRole("group", { name: "Is de methode goed gevolgd?" }).getByLabel("3 · enigszins").check();
  await form.getByRole("button", { name: "Evaluatie versturen" }).click();
  await expect(page.getByText("Dank je wel voor je evaluatie.")).toBeVisible();
}

test("a privacy officer answers a parked question; the participant sees the answer", async ({
  browser,
  kompasd,
}) => {
  const item = await caseTitled(kompasd, "De leerplichtambtenaar");
  const session = await call(kompasd, "bram-enschede", "SessionService/CreateSession", {
    parent: "communities/wijkteams",
    session: { case: item.name, method: "incident" },
  });
  const sessionId = session.name.split("/").pop();
  await call(kompasd, "eva-amsterdam", "SessionService/JoinSession", { name: session.name });

  const eva = await newMember(browser, kompasd, "eva-amsterdam");
  await eva.page.goto(`/intervisie/${sessionId}`);
  const park = eva.page.getByRole("form", { name: "Vraag parkeren" });
  await park.getByLabel("Vraag voor de privacyfunctionaris").fill("Mag de leerplichtambtenaar ons verslag inzien?");
  await park.getByRole("button", { name: "Vraag parkeren" }).click();
  await expect(eva.page.getByRole("heading", { name: "Geparkeerde vragen (1)" })).toBeVisible();
  await expect(eva.page.getByText("Wacht op antwoord van een privacyfunctionaris.")).toBeVisible();

  const chris = await newMember(browser, kompasd, "chris-utrecht");
  await chris.page.getByRole("link", { name: "Parkeerflap" }).click();
  await expect(chris.page.getByRole("heading", { name: "Parkeerflap" })).toBeFocused();
  const row = chris.page.locator(".case-row", { hasText: "Mag de leerplichtambtenaar ons verslag inzien?" });
  await expect(row).toBeVisible();
  await expectAccessible(chris.page, "Parkeerflap");
  await screenshot(chris.page, "13-parkeerflap");
  await row.getByLabel("Je antwoord").fill("Nee: deel alleen wat nodig is voor het verzuim, met toestemming.");
  await row.getByRole("button", { name: "Antwoord versturen" }).click();
  await expect(row.getByText("Antwoord:")).toBeVisible();
  // Answered questions leave the open list, and show under "Beantwoord".
  await chris.page.getByRole("radio", { name: "Beantwoord" }).check();
  await expect(chris.page.getByText("Nee: deel alleen wat nodig is")).toBeVisible();

  // Live on her session page, and on the case page.
  await expect(eva.page.getByText("Antwoord van de privacyfunctionaris:")).toBeVisible();
  await eva.page.goto(`/casus/${item.id}`);
  await expect(eva.page.getByText("Nee: deel alleen wat nodig is")).toBeVisible();

  // The parkeerflap is the privacy officers' work: others read why.
  await eva.page.getByRole("link", { name: "Parkeerflap" }).click();
  await expect(eva.page.getByText(/Op de parkeerflap beantwoorden privacyfunctionarissen/)).toBeVisible();
  await chris.context.close();
  await eva.context.close();
});
