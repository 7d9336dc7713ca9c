// A privacy officer sees who read what: the audit trail in plain Dutch,
// filtered by member and by the page a case has.
import { test, expect, signIn, newMember, call, expectAccessible, screenshot } from "./kompasd";

test("a privacy officer sees who read a case; others do not see the trail", async ({ browser, kompasd }) => {
  const list = await call(kompasd, "anna-zaanstad", "CaseService/ListCases", {
    parent: "communities/wijkteams",
    status: "CASE_STATUS_OPEN",
  });
  const id = list.cases[0].name.split("/").pop();

  const eva = await newMember(browser, kompasd, "eva-amsterdam");
  await eva.page.goto(`/casus/${id}`);
  await expect(eva.page.getByRole("heading", { level: 1 })).toHaveText(list.cases[0].title);
  await expect(eva.page.getByRole("link", { name: "Wie las wat" })).toHaveCount(0);
  await eva.page.goto("/inzage");
  await expect(eva.page.getByText("Alleen privacyfunctionarissen zien wie wat heeft gelezen")).toBeVisible();

  // From the case itself: its readers, named as the community knows them.
  const chris = await newMember(browser, kompasd, "chris-utrecht");
  await chris.page.goto(`/casus/${id}`);
  await chris.page.getByRole("link", { name: "Wie las deze casus?" }).click();
  await expect(chris.page.getByRole("heading", { level: 1 })).toHaveText("Wie las wat");
  await expect(chris.page.getByLabel(/^Waarover/)).toHaveValue(`/casus/${id}`);
  const rows = chris.page.locator("table.audit tbody tr");
  await expect(rows.filter({ hasText: "Wijkteammedewerker Amsterdam (eva-amsterdam)" }).first()).toBeVisible();
  await expect(rows.filter({ hasNotText: id })).toHaveCount(0);

  // Then only her, asked for by her name (the field suggests every member's).
  await expect(chris.page.locator("#audit-members option[value='Wijkteammedewerker Amsterdam (eva-amsterdam)']")).toHaveCount(1);
  await chris.page.getByLabel(/^Wie/).fill("Wijkteammedewerker Amsterdam");
  await chris.page.getByRole("button", { name: "Filteren" }).click();
  const row = chris.page.getByRole("row", { name: /Wijkteammedewerker Amsterdam \(eva-amsterdam\) las een casus/ });
  await expect(row.first()).toBeVisible();
  // Only her, only that case (waiting for the filtered list to replace the first one).
  await expect(rows.filter({ hasNotText: "eva-amsterdam" })).toHaveCount(0);
  await expect(rows.filter({ hasNotText: id })).toHaveCount(0);
  await expect(rows.first()).toBeVisible();
  await expectAccessible(chris.page, "Wie las wat");
  await screenshot(chris.page, "16-wie-las-wat");
  await row.first().getByRole("link").click();
  await expect(chris.page).toHaveURL(new RegExp(`/casus/${id}$`));
  await eva.context.close();
  await chris.context.close();
});

test("she removes her own annotation, not someone else's", async ({ page, kompasd }) => {
  const list = await call(kompasd, "anna-zaanstad", "CaseService/ListCases", {
    parent: "communities/wijkteams",
    status: "CASE_STATUS_OPEN",
  });
  const item = list.cases[0];
  const words = item.situation.split(" ").slice(0, 3).join(" ");
  for (const member of ["eva-amsterdam", "anna-zaanstad"]) {
    await call(kompasd, member, "AnnotationService/CreateAnnotation", {
      parent: "communities/wijkteams",
      annotation: { target: item.name, field: "situation", quote: { exact: words }, body: `Notitie van ${member}` },
    });
  }
  await signIn(page, kompasd, "eva-amsterdam");
  await page.goto(`/casus/${item.name.split("/").pop()}`);
  const notes = page.locator(".annotated .margin-note");
  await expect(notes).toHaveCount(2);
  await expect(page.getByRole("button", { name: /Verwijder aantekening/ })).toHaveCount(1);
  await page.getByRole("button", { name: /Verwijder aantekening/ }).click();
  await expect(notes).toHaveCount(1);
  await expect(notes).toContainText("Notitie van anna-zaanstad");
  await page.reload();
  await expect(notes).toHaveCount(1);
});

test("the community page lists its municipalities and members with their roles", async ({ page, kompasd }) => {
  await signIn(page, kompasd, "anna-zaanstad");
  await page.getByRole("link", { name: "Leergemeenschap privacy in het sociaal domein" }).click();
  await expect(page).toHaveURL(/\/gemeenschap$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeFocused();
  await expect(page.getByText(/kan worden vastgesteld als professionals uit 3 verschillende gemeenten/)).toBeVisible();
  const bram = page.getByRole("row", { name: /bram-enschede/ });
  await expect(bram).toContainText("Enschede");
  await expect(bram).toContainText("gespreksleider");
  await expectAccessible(page, "De leergemeenschap");
  await screenshot(page, "17-gemeenschap");
});
