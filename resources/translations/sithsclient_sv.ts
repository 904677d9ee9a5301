<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="sv">
<context>
    <name>CardPage</name>
    <message>
        <source>Your SITHS card</source>
        <translation>Ditt SITHS-kort</translation>
    </message>
    <message>
        <source>Put your card (eTjänstekort) in the card reader. The program reads it and tells you what to do.</source>
        <translation>Sätt in ditt kort (eTjänstekort) i kortläsaren. Programmet läser kortet och berättar vad du ska göra.</translation>
    </message>
    <message>
        <source>Card state</source>
        <translation>Kortets läge</translation>
    </message>
    <message>
        <source>Card to upgrade</source>
        <translation>Kort att uppgradera</translation>
    </message>
    <message>
        <source>&amp;Card:</source>
        <translation>&amp;Kort:</translation>
    </message>
    <message>
        <source>Card</source>
        <translation>Kort</translation>
    </message>
    <message>
        <source>Holder:</source>
        <translation>Innehavare:</translation>
    </message>
    <message>
        <source>HSA-ID:</source>
        <translation>HSA-id:</translation>
    </message>
    <message>
        <source>Card number:</source>
        <translation>Kortnummer:</translation>
    </message>
    <message>
        <source>Reader:</source>
        <translation>Kortläsare:</translation>
    </message>
    <message>
        <source>PIN code:</source>
        <translation>PIN-kod:</translation>
    </message>
    <message>
        <source>Certificates:</source>
        <translation>Certifikat:</translation>
    </message>
    <message>
        <source>Extra certificate pair:</source>
        <translation>Extra certifikatspar:</translation>
    </message>
    <message>
        <source>What the upgrade can do</source>
        <translation>Vad uppgraderingen kan göra</translation>
    </message>
    <message>
        <source>Renewal</source>
        <translation>Förnyelse</translation>
    </message>
    <message>
        <source>C&amp;hange PIN code…</source>
        <translation>Byt &amp;PIN-kod…</translation>
    </message>
    <message>
        <source>&amp;Unblock PIN with PUK…</source>
        <translation>&amp;Lås upp PIN-koden med PUK…</translation>
    </message>
    <message>
        <source>Add certificates from another &amp;organisation…</source>
        <translation>Lägg till certifikat från en annan &amp;organisation…</translation>
    </message>
    <message>
        <source>Add certificates from another organisation</source>
        <translation>Lägg till certifikat från en annan organisation</translation>
    </message>
    <message>
        <source>Fetch a &amp;signature certificate…</source>
        <translation>Hämta ett under&amp;skriftscertifikat…</translation>
    </message>
    <message>
        <source>Fetch a signature certificate</source>
        <translation>Hämta ett underskriftscertifikat</translation>
    </message>
    <message>
        <source>&amp;Upgrade the card</source>
        <translation>&amp;Uppgradera kortet</translation>
    </message>
    <message>
        <source>Reading the card reader…</source>
        <translation>Läser kortläsaren…</translation>
    </message>
    <message>
        <source>The card in the reader</source>
        <translation>Kortet i läsaren</translation>
    </message>
    <message>
        <source>The smart card service of the computer does not answer.</source>
        <translation>Datorns korttjänst (smartkortstjänsten) svarar inte.</translation>
    </message>
    <message>
        <source>The card in the reader could not be read.</source>
        <translation>Kortet i läsaren gick inte att läsa.</translation>
    </message>
    <message>
        <source>Is it a SITHS card? Take it out and put it back in. If it still cannot be read, contact your local IT support.</source>
        <translation>Är det ett SITHS-kort? Ta ut det och sätt i det igen. Om det fortfarande inte går att läsa, kontakta din lokala IT-support.</translation>
    </message>
    <message>
        <source>Waiting for a card…</source>
        <translation>Väntar på ett kort…</translation>
    </message>
    <message>
        <source>could not be read</source>
        <translation>gick inte att läsa</translation>
    </message>
    <message>
        <source>One PIN code for both logging in and signing.</source>
        <translation>En PIN-kod för både legitimering och underskrift.</translation>
    </message>
    <message>
        <source>PIN codes:</source>
        <translation>PIN-koder:</translation>
    </message>
    <message>
        <source>An upgrade of this card stopped before it was finished. It goes on where it stopped.</source>
        <translation>En uppgradering av det här kortet stoppades innan den var klar. Den fortsätter där den stannade.</translation>
    </message>
    <message>
        <source>Adding the extra certificate pair of order {reference} stopped before it was finished. Choose “Add certificates from another organisation” to go on; you need the one-time code again.</source>
        <translation>Det extra certifikatsparet från beställning {reference} hann inte läggas till färdigt. Välj ”Lägg till certifikat från en annan organisation” för att fortsätta; du behöver engångskoden igen.</translation>
    </message>
    <message>
        <source>A renewal of this card&apos;s certificates stopped before it was finished. Choose “Renew the certificates” to go on where it stopped.</source>
        <translation>En förnyelse av kortets certifikat avbröts innan den var klar. Välj ”Förnya certifikaten” för att fortsätta där den stannade.</translation>
    </message>
    <message>
        <source>&amp;Continue the upgrade</source>
        <translation>&amp;Fortsätt uppgraderingen</translation>
    </message>
    <message>
        <source>&amp;Renew the certificates</source>
        <translation>&amp;Förnya certifikaten</translation>
    </message>
    <message>
        <source>Your certificates expired on {date}, so they can no longer be renewed here.</source>
        <translation>Dina certifikat gick ut {date} och kan därför inte längre förnyas här.</translation>
    </message>
    <message>
        <source>Your certificates expire on {date} ({days} days). In your organisation the card office renews them.</source>
        <translation>Dina certifikat går ut {date} (om {days} dagar). I din organisation är det kortkontoret som förnyar dem.</translation>
    </message>
    <message>
        <source>Your certificates expire on {date} ({days} days). Renew them now: it takes a minute, and your PIN codes stay the same.</source>
        <translation>Dina certifikat går ut {date} (om {days} dagar). Förnya dem nu: det tar någon minut, och dina PIN-koder är desamma.</translation>
    </message>
    <message>
        <source>Contact your local card office (biträdande utgivare).</source>
        <translation>Kontakta din lokala biträdande utgivare (kortkontoret).</translation>
    </message>
    <message>
        <source>The card already holds an extra certificate pair, and a card can hold only one.</source>
        <translation>Kortet har redan ett extra certifikatspar, och ett kort kan bara ha ett.</translation>
    </message>
</context>
<context>
    <name>CertificateList</name>
    <message>
        <source>Certificates on the card</source>
        <translation>Certifikat på kortet</translation>
    </message>
    <message>
        <source>No certificates</source>
        <translation>Inga certifikat</translation>
    </message>
    <message>
        <source>Issued by {issuer}, valid {validity}</source>
        <translation>Utfärdat av {issuer}, giltigt {validity}</translation>
    </message>
</context>
<context>
    <name>ChangePinDialog</name>
    <message>
        <source>Change PIN code</source>
        <translation>Byt PIN-kod</translation>
    </message>
    <message>
        <source>Which PIN code</source>
        <translation>Vilken PIN-kod</translation>
    </message>
    <message>
        <source>&amp;Which PIN code:</source>
        <translation>&amp;Vilken PIN-kod:</translation>
    </message>
    <message>
        <source>&amp;Current PIN code:</source>
        <translation>N&amp;uvarande PIN-kod:</translation>
    </message>
    <message>
        <source>Current PIN code</source>
        <translation>Nuvarande PIN-kod</translation>
    </message>
    <message>
        <source>&amp;New PIN code:</source>
        <translation>&amp;Ny PIN-kod:</translation>
    </message>
    <message>
        <source>New PIN code</source>
        <translation>Ny PIN-kod</translation>
    </message>
    <message>
        <source>New PIN code &amp;again:</source>
        <translation>Ny PIN-kod &amp;igen:</translation>
    </message>
    <message>
        <source>New PIN code again</source>
        <translation>Ny PIN-kod igen</translation>
    </message>
    <message>
        <source>C&amp;hange</source>
        <translation>&amp;Byt</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>The two new PIN codes differ.</source>
        <translation>De två nya PIN-koderna är olika.</translation>
    </message>
</context>
<context>
    <name>Diagnostics</name>
    <message>
        <source>no issuing service configured</source>
        <translation>ingen utfärdartjänst är inställd</translation>
    </message>
    <message>
        <source>not read now: an upgrade that waits for the user&apos;s answer has the card (see its journal)</source>
        <translation>inte lästa nu: en uppgradering som väntar på användarens svar har kortet (se dess journal)</translation>
    </message>
    <message>
        <source>Cards as read before the run began (not read now: the run waits for the person&apos;s answer and has the card):</source>
        <translation>Kort som de lästes innan körningen började (inte lästa nu: körningen väntar på personens svar och har kortet):</translation>
    </message>
    <message>
        <source>not set: the card software&apos;s usual places on this system are tried</source>
        <translation>inte angiven: kortprogramvarans vanliga platser på det här systemet prövas</translation>
    </message>
    <message>
        <source>not set</source>
        <translation>inte angiven</translation>
    </message>
    <message>
        <source>not set: the system&apos;s trust store</source>
        <translation>inte angiven: systemets certifikatlager</translation>
    </message>
    <message>
        <source>not set: the system&apos;s</source>
        <translation>inte angivet: systemets</translation>
    </message>
    <message>
        <source>not set: the person is told to contact their local card office</source>
        <translation>inte angivet: personen ombeds kontakta sitt lokala kortkontor</translation>
    </message>
    <message>
        <source>not set: the person is told to contact their local IT support</source>
        <translation>inte angivet: personen ombeds kontakta sin lokala IT-support</translation>
    </message>
    <message>
        <source>not set: the program&apos;s own summary of the SITHS terms</source>
        <translation>inte angivna: programmets egen sammanfattning av SITHS-villkoren</translation>
    </message>
    <message>
        <source>    certificates: {name} ({profiles}), from the issuing service</source>
        <translation>    certifikat: {name} ({profiles}), enligt utfärdartjänsten</translation>
    </message>
    <message>
        <source>    certificates: {name}, from the configuration (card_set): the issuing service did not say ({reason})</source>
        <translation>    certifikat: {name}, enligt konfigurationen (card_set): utfärdartjänsten sade inte vilka ({reason})</translation>
    </message>
    <message>
        <source>none</source>
        <translation>inga</translation>
    </message>
    <message>
        <source>{sentence} [{code}] (runbook: {link})</source>
        <translation>{sentence} [{code}] (handbok: {link})</translation>
    </message>
    <message>
        <source>group policy, {source}</source>
        <translation>grupprincip, {source}</translation>
    </message>
    <message>
        <source>the installer&apos;s settings, {source}</source>
        <translation>installationens inställningar, {source}</translation>
    </message>
    <message>
        <source>command line</source>
        <translation>kommandoraden</translation>
    </message>
    <message>
        <source>no file or registry value: the defaults</source>
        <translation>ingen fil eller registervärde: standardvärdena</translation>
    </message>
    <message>
        <source>  read from: {sources}</source>
        <translation>  läst från: {sources}</translation>
    </message>
    <message>
        <source> (from {origin})</source>
        <translation> (från {origin})</translation>
    </message>
    <message>
        <source>  module from the environment ({variable}): {module}</source>
        <translation>  modul från miljön ({variable}): {module}</translation>
    </message>
    <message>
        <source>Issuing service: not checked ({detail})</source>
        <translation>Utfärdartjänst: inte kontrollerad ({detail})</translation>
    </message>
    <message>
        <source>Issuing service: {url}: answers ({detail})</source>
        <translation>Utfärdartjänst: {url}: svarar ({detail})</translation>
    </message>
    <message>
        <source>Issuing service: {url}: does not answer ({detail})</source>
        <translation>Utfärdartjänst: {url}: svarar inte ({detail})</translation>
    </message>
    <message>
        <source>  PIN {pin}: {state}</source>
        <translation>  PIN {pin}: {state}</translation>
    </message>
    <message>
        <source>  PIN {pin}: {state}, 1 try left</source>
        <translation>  PIN {pin}: {state}, 1 försök kvar</translation>
    </message>
    <message>
        <source>  PIN {pin}: {state}, {tries} tries left</source>
        <translation>  PIN {pin}: {state}, {tries} försök kvar</translation>
    </message>
    <message>
        <source>sithsclient diagnostics, {when}</source>
        <translation>sithsclient felsökning, {when}</translation>
    </message>
    <message>
        <source>Configuration:</source>
        <translation>Inställningar:</translation>
    </message>
    <message>
        <source>Journals in {folder}: {count}</source>
        <translation>Journaler i {folder}: {count}</translation>
    </message>
    <message>
        <source>  {file}: unreadable ({why})</source>
        <translation>  {file}: går inte att läsa ({why})</translation>
    </message>
    <message>
        <source>  card {serial}: {phase} ({pairs}) updated {when}</source>
        <translation>  kort {serial}: {phase} ({pairs}) uppdaterad {when}</translation>
    </message>
    <message>
        <source>    certificates: {set}</source>
        <translation>    certifikat: {set}</translation>
    </message>
    <message>
        <source>    last error: {error}</source>
        <translation>    senaste fel: {error}</translation>
    </message>
    <message>
        <source>Log ({file}), last {count} lines:</source>
        <translation>Logg ({file}), sista {count} raderna:</translation>
    </message>
    <message>
        <source>Log ({file}): empty</source>
        <translation>Logg ({file}): tom</translation>
    </message>
    <message>
        <source>Practice mode: a practice card and a practice issuing service (sithsclient demo), no real card.</source>
        <translation>Övningsläge: ett övningskort och en utfärdartjänst för övning (sithsclient demo), inget riktigt kort.</translation>
    </message>
    <message>
        <source>the PIN codes</source>
        <translation>PIN-koderna</translation>
    </message>
    <message>
        <source>the terms</source>
        <translation>villkoren</translation>
    </message>
    <message>
        <source>whether to use the last PIN try</source>
        <translation>om det sista PIN-försöket ska användas</translation>
    </message>
    <message>
        <source>the PUK code and a new PIN code</source>
        <translation>PUK-koden och en ny PIN-kod</translation>
    </message>
    <message>
        <source>Under way: {operation} of card {serial}, waiting for the person&apos;s answer: {what}.</source>
        <translation>Pågår: {operation} av kort {serial}, väntar på personens svar: {what}.</translation>
    </message>
    <message>
        <source>Its journal is written once the terms are accepted.</source>
        <translation>Journalen skrivs när villkoren har godkänts.</translation>
    </message>
    <message>
        <source>Cards: {cards}</source>
        <translation>Kort: {cards}</translation>
    </message>
    <message>
        <source>Card software: none; the card is in a reader inside the program</source>
        <translation>Kortprogramvara: ingen; kortet sitter i en kortläsare inne i programmet</translation>
    </message>
    <message>
        <source>PKCS#11 module: {module} (smart card service running)</source>
        <translation>PKCS#11-modul: {module} (smartkortstjänsten körs)</translation>
    </message>
    <message>
        <source>PKCS#11 module: {module} (smart card service not running)</source>
        <translation>PKCS#11-modul: {module} (smartkortstjänsten körs inte)</translation>
    </message>
    <message>
        <source>  chosen because: {reason}</source>
        <translation>  vald därför att: {reason}</translation>
    </message>
    <message>
        <source>Readers: none</source>
        <translation>Kortläsare: inga</translation>
    </message>
    <message>
        <source>a card, ATR {atr}</source>
        <translation>ett kort, ATR {atr}</translation>
    </message>
    <message>
        <source>no card</source>
        <translation>inget kort</translation>
    </message>
    <message>
        <source>Reader: {name}: {state}</source>
        <translation>Kortläsare: {name}: {state}</translation>
    </message>
    <message>
        <source>Card {serial} ({layout}) in {reader}: {verdict}</source>
        <translation>Kort {serial} ({layout}) i {reader}: {verdict}</translation>
    </message>
    <message>
        <source>  {purpose} {generation} {hsa_id} to {date} slot {slot} {issuer}</source>
        <translation>  {purpose} {generation} {hsa_id} till {date} plats {slot} {issuer}</translation>
    </message>
</context>
<context>
    <name>DiagnosticsDialog</name>
    <message>
        <source>Information for IT support</source>
        <translation>Information för IT-support</translation>
    </message>
    <message>
        <source>This report helps IT support find out what went wrong. It holds no PIN code. Copy it into a message, or save a support bundle (with the logs) and attach it to your ticket.</source>
        <translation>Den här rapporten hjälper IT-support att se vad som gick fel. Den innehåller ingen PIN-kod. Kopiera den till ett meddelande, eller spara ett supportpaket (med loggarna) och bifoga det till ditt ärende.</translation>
    </message>
    <message>
        <source>The last stop</source>
        <translation>Senaste stoppet</translation>
    </message>
    <message>
        <source>Report</source>
        <translation>Rapport</translation>
    </message>
    <message>
        <source>Gathering the report…</source>
        <translation>Samlar ihop rapporten…</translation>
    </message>
    <message>
        <source>&amp;Copy to clipboard</source>
        <translation>&amp;Kopiera till urklipp</translation>
    </message>
    <message>
        <source>&amp;Save support bundle…</source>
        <translation>&amp;Spara supportpaket…</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>S&amp;täng</translation>
    </message>
    <message>
        <source>Error code of the last stop: {code}
In the runbook: {link}</source>
        <translation>Felkod för senaste stoppet: {code}
I handboken för IT-support: {link}</translation>
    </message>
    <message>
        <source>The report could not be gathered: {error}</source>
        <translation>Rapporten gick inte att samla ihop: {error}</translation>
    </message>
    <message>
        <source>The report is on the clipboard.</source>
        <translation>Rapporten finns nu i urklipp.</translation>
    </message>
    <message>
        <source>Save support bundle</source>
        <translation>Spara supportpaket</translation>
    </message>
    <message>
        <source>Support bundle (*.zip)</source>
        <translation>Supportpaket (*.zip)</translation>
    </message>
    <message>
        <source>The bundle could not be saved: {error}</source>
        <translation>Supportpaketet gick inte att spara: {error}</translation>
    </message>
    <message>
        <source>Support bundle saved: {path}</source>
        <translation>Supportpaketet är sparat: {path}</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <source>Finished</source>
        <translation>Klart</translation>
    </message>
    <message>
        <source>Your card is ready to use.</source>
        <translation>Ditt kort är klart att använda.</translation>
    </message>
    <message>
        <source>On the card now:</source>
        <translation>På kortet nu:</translation>
    </message>
    <message>
        <source>Which certificate to pick</source>
        <translation>Vilket certifikat du ska välja</translation>
    </message>
    <message>
        <source>What to do next</source>
        <translation>Vad du gör sedan</translation>
    </message>
    <message>
        <source>&amp;Practise again</source>
        <translation>Öva &amp;igen</translation>
    </message>
    <message>
        <source>A new practice card with the old certificates goes in.</source>
        <translation>Ett nytt övningskort med de gamla certifikaten sätts i.</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Stäng</translation>
    </message>
    <message>
        <source>Reading the card again to show what is on it now…</source>
        <translation>Läser kortet igen för att visa vad som finns på det nu…</translation>
    </message>
    <message>
        <source>Another card is in the reader now ({holder}, card {serial}). On it:</source>
        <translation>Ett annat kort sitter i kortläsaren nu ({holder}, kort {serial}). På det:</translation>
    </message>
    <message>
        <source>No card in the reader. Put the card in to see what is on it now.</source>
        <translation>Inget kort i kortläsaren. Sätt i kortet för att se vad som finns på det nu.</translation>
    </message>
    <message>
        <source>The card could not be read again; take it out and put it back to check it.</source>
        <translation>Kortet gick inte att läsa igen. Ta ut det och sätt i det igen för att kontrollera det.</translation>
    </message>
</context>
<context>
    <name>ExceptionDialog</name>
    <message>
        <source>Unexpected error</source>
        <translation>Oväntat fel</translation>
    </message>
    <message>
        <source>The program met an error it did not expect</source>
        <translation>Programmet stötte på ett fel det inte räknade med</translation>
    </message>
    <message>
        <source>Your card is safe: the upgrade never deletes the old certificates before the new ones work, and it saves its progress, so you can start the program again and go on. Please send the details below to your local IT support.</source>
        <translation>Ditt kort är inte skadat: uppgraderingen raderar aldrig de gamla certifikaten innan de nya fungerar, och den sparar hur långt den har kommit, så du kan starta programmet igen och fortsätta. Skicka detaljerna nedan till din lokala IT-support.</translation>
    </message>
    <message>
        <source>The log is in {path}</source>
        <translation>Loggen finns i {path}</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Detaljer</translation>
    </message>
    <message>
        <source>Show &amp;details</source>
        <translation>Visa &amp;detaljer</translation>
    </message>
    <message>
        <source>&amp;Copy details</source>
        <translation>&amp;Kopiera detaljerna</translation>
    </message>
    <message>
        <source>C&amp;lose</source>
        <translation>S&amp;täng</translation>
    </message>
    <message>
        <source>Hide &amp;details</source>
        <translation>Dölj &amp;detaljer</translation>
    </message>
</context>
<context>
    <name>ExtraOrderDialog</name>
    <message>
        <source>Certificates from another organisation</source>
        <translation>Certifikat från en annan organisation</translation>
    </message>
    <message>
        <source>Add certificates from another organisation</source>
        <translation>Lägg till certifikat från en annan organisation</translation>
    </message>
    <message>
        <source>If you also work for another organisation, you can use this card there too. That organisation&apos;s card office orders a certificate pair for you (for logging in and for signing) and gives you a reference and a one-time code. The pair is added to the card; your own certificates are not changed. A card can hold only one extra certificate pair.</source>
        <translation>Om du också arbetar för en annan organisation kan du använda det här kortet även där. Organisationens kortkontor beställer ett certifikatspar åt dig (för legitimering och underskrift) och ger dig en referens och en engångskod. Paret läggs till på kortet; dina egna certifikat ändras inte. Ett kort kan bara ha ett extra certifikatspar.</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referens</translation>
    </message>
    <message>
        <source>One-time code</source>
        <translation>Engångskod</translation>
    </message>
    <message>
        <source>&amp;Reference:</source>
        <translation>&amp;Referens:</translation>
    </message>
    <message>
        <source>One-time &amp;code:</source>
        <translation>&amp;Engångskod:</translation>
    </message>
    <message>
        <source>The pair of this order was begun on this card; it goes on where it stopped.</source>
        <translation>Paret från den här beställningen påbörjades på kortet; det fortsätter där det stannade.</translation>
    </message>
    <message>
        <source>A code typed wrongly too many times stops working; then ask that organisation&apos;s card office for a new order. Your PIN codes are asked next, as for the upgrade.</source>
        <translation>En kod som skrivs fel för många gånger slutar fungera; be då organisationens kortkontor om en ny beställning. Därefter frågas efter dina PIN-koder, som vid uppgraderingen.</translation>
    </message>
    <message>
        <source>&amp;Add the certificates</source>
        <translation>&amp;Lägg till certifikaten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>Card of {holder}.</source>
        <translation>Kort som tillhör {holder}.</translation>
    </message>
</context>
<context>
    <name>ExtraPair</name>
    <message>
        <source>The certificates from {organisation} were added. Your own certificates were not changed. {names}: use the new PIN code you chose when you unblocked it.</source>
        <translation>Certifikaten från {organisation} har lagts till. Dina egna certifikat ändrades inte. {names}: använd den nya PIN-koden du valde när du låste upp den.</translation>
    </message>
    <message>
        <source>The extra certificate pair is installed</source>
        <translation>Det extra certifikatsparet är installerat</translation>
    </message>
    <message>
        <source>Downloading the extra certificates</source>
        <translation>Hämtar de extra certifikaten</translation>
    </message>
    <message>
        <source>Read this before the extra certificates are downloaded to your card.</source>
        <translation>Läs detta innan de extra certifikaten laddas ned till ditt kort.</translation>
    </message>
    <message>
        <source>The card gets an extra certificate pair from {organisation} for {holder} ({hsa_id}), for logging in and signing there. Your own certificates stay on the card and are not changed. A card can hold only one extra certificate pair.</source>
        <translation>Kortet får ett extra certifikatspar från {organisation} för {holder} ({hsa_id}), för legitimering och underskrift där. Dina egna certifikat finns kvar på kortet och ändras inte. Ett kort kan bara ha ett extra certifikatspar.</translation>
    </message>
    <message>
        <source>The two certificate pairs look alike: both carry your name. When a program asks you to choose a certificate, look at the organisation. Some systems cannot handle several certificates on one card and always take the one added last.</source>
        <translation>De två certifikatsparen är lätta att förväxla: båda har ditt namn. När ett program ber dig välja certifikat, titta på organisationen. Vissa system klarar inte flera certifikat på samma kort och går alltid på det som lades till sist.</translation>
    </message>
    <message>
        <source>Do not pull the card out of the reader until it is finished. It takes about {seconds} seconds. If the card comes out anyway, it waits and goes on when you put the same card back.</source>
        <translation>Dra inte ut kortet ur kortläsaren förrän det är klart. Det tar cirka {seconds} sekunder. Om kortet ändå kommer ut väntar programmet och fortsätter när du sätter tillbaka samma kort.</translation>
    </message>
    <message>
        <source>The certificates from {organisation} were added in 1 second. Your own certificates were not changed, and your PIN codes are the same as before.</source>
        <translation>Certifikaten från {organisation} lades till på 1 sekund. Dina egna certifikat ändrades inte, och dina PIN-koder är desamma som förut.</translation>
    </message>
    <message>
        <source>The certificates from {organisation} were added in {s} seconds. Your own certificates were not changed, and your PIN codes are the same as before.</source>
        <translation>Certifikaten från {organisation} lades till på {s} sekunder. Dina egna certifikat ändrades inte, och dina PIN-koder är desamma som förut.</translation>
    </message>
    <message>
        <source>Next: restart the programs that use the card. When a program asks which certificate to use, look at the organisation: the two pairs carry the same name. Some systems always take the certificate added last.</source>
        <translation>Nästa steg: starta om de program som använder kortet. När ett program frågar vilket certifikat du vill använda, titta på organisationen: de två paren har samma namn. Vissa system tar alltid det certifikat som lades till sist.</translation>
    </message>
    <message>
        <source>An extra certificate pair from {organisation} for {holder} ({hsa_id})</source>
        <translation>Ett extra certifikatspar från {organisation} för {holder} ({hsa_id})</translation>
    </message>
    <message>
        <source>- Your own certificates stay on the card, untouched.</source>
        <translation>- Dina egna certifikat blir kvar på kortet, orörda.</translation>
    </message>
    <message>
        <source>- The two pairs look alike (your name on both): when a system asks you to choose a certificate, look at the organisation. Some systems always take the last one added.</source>
        <translation>- De två paren ser likadana ut (ditt namn på båda): när ett system ber dig välja certifikat, titta på organisationen. Vissa system tar alltid det senast tillagda.</translation>
    </message>
    <message>
        <source>- A card can hold only one extra pair.</source>
        <translation>- Ett kort kan bara ha ett extra certifikatspar.</translation>
    </message>
</context>
<context>
    <name>FailurePage</name>
    <message>
        <source>The upgrade stopped</source>
        <translation>Uppgraderingen stoppades</translation>
    </message>
    <message>
        <source>What happened, and what you can do now.</source>
        <translation>Vad som hände, och vad du kan göra nu.</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Vad som hände</translation>
    </message>
    <message>
        <source>Can I try again?</source>
        <translation>Kan jag försöka igen?</translation>
    </message>
    <message>
        <source>Whom to contact</source>
        <translation>Vem du kontaktar</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Stäng</translation>
    </message>
    <message>
        <source>The program&apos;s log is in {path}</source>
        <translation>Programmets logg finns i {path}</translation>
    </message>
</context>
<context>
    <name>Fetch</name>
    <message>
        <source>The signature certificate was added. {names}: use the new PIN code you chose when you unblocked it.</source>
        <translation>Underskriftscertifikatet lades till. {names}: använd den nya PIN-kod du valde när du låste upp den.</translation>
    </message>
    <message>
        <source>The signature certificate is installed</source>
        <translation>Underskriftscertifikatet är installerat</translation>
    </message>
    <message>
        <source>Downloading the signature certificate</source>
        <translation>Laddar ned underskriftscertifikatet</translation>
    </message>
    <message>
        <source>Read this before the signature certificate is downloaded to your card.</source>
        <translation>Läs det här innan underskriftscertifikatet laddas ned till ditt kort.</translation>
    </message>
    <message>
        <source>The card of {holder} ({hsa_id}) gets a certificate for signing, beside its certificate for logging in. Nothing on the card is replaced or deleted.</source>
        <translation>Kortet som tillhör {holder} ({hsa_id}) får ett certifikat för underskrift, bredvid certifikatet för legitimering. Inget på kortet byts ut eller raderas.</translation>
    </message>
    <message>
        <source>What you sign with this certificate is signed by you, as with a signature on paper. Fetch it only if your work needs it.</source>
        <translation>Det du skriver under med det här certifikatet är underskrivet av dig, som en namnteckning på papper. Hämta det bara om ditt arbete kräver det.</translation>
    </message>
    <message>
        <source>Do not pull the card out of the reader until it is finished. It takes about {seconds} seconds. If the card comes out anyway, it waits and goes on when you put the same card back.</source>
        <translation>Dra inte ut kortet ur kortläsaren förrän det är klart. Det tar cirka {seconds} sekunder. Om kortet ändå kommer ut väntar programmet och fortsätter när du sätter tillbaka samma kort.</translation>
    </message>
    <message>
        <source>The signature certificate was added in 1 second. Your PIN codes are the same as before.</source>
        <translation>Underskriftscertifikatet lades till på 1 sekund. Dina PIN-koder är desamma som förut.</translation>
    </message>
    <message>
        <source>The signature certificate was added in {s} seconds. Your PIN codes are the same as before.</source>
        <translation>Underskriftscertifikatet lades till på {s} sekunder. Dina PIN-koder är desamma som förut.</translation>
    </message>
    <message>
        <source>Next: restart the programs you sign with, so that they find the new certificate.</source>
        <translation>Nästa steg: starta om de program du skriver under med, så att de hittar det nya certifikatet.</translation>
    </message>
    <message>
        <source>A signature certificate for {holder} ({hsa_id})</source>
        <translation>Ett underskriftscertifikat för {holder} ({hsa_id})</translation>
    </message>
    <message>
        <source>- The card gets a certificate for signing; nothing on it is replaced.</source>
        <translation>- Kortet får ett certifikat för underskrift; inget på det byts ut.</translation>
    </message>
    <message>
        <source>The card already has a signature certificate</source>
        <translation>Kortet har redan ett underskriftscertifikat</translation>
    </message>
    <message>
        <source>Nothing needed to be done.</source>
        <translation>Inget behövde göras.</translation>
    </message>
    <message>
        <source>If you have trouble signing, contact your local IT support.</source>
        <translation>Om du har problem att skriva under, kontakta din lokala IT-support.</translation>
    </message>
    <message>
        <source>The card already has a signature certificate: nothing to do.</source>
        <translation>Kortet har redan ett underskriftscertifikat: inget att göra.</translation>
    </message>
</context>
<context>
    <name>FinalTryDialog</name>
    <message>
        <source>One try left</source>
        <translation>Ett försök kvar</translation>
    </message>
    <message>
        <source>The PUK code has one try left</source>
        <translation>PUK-koden har ett försök kvar</translation>
    </message>
    <message>
        <source>If this PUK code is wrong too, the PUK code is blocked as well, and only your local card office can help. Nothing has been sent to the card yet.

Only go on if you are sure the PUK code is right, for example because you have it from your code envelope.</source>
        <translation>Om den här PUK-koden också är fel spärras även PUK-koden, och då kan bara ditt lokala kortkontor hjälpa dig. Ingenting har skickats till kortet ännu.

Fortsätt bara om du är säker på att PUK-koden är rätt, till exempel för att du har den från ditt kodkuvert.</translation>
    </message>
    <message>
        <source>{name} has one try left</source>
        <translation>{name} har ett försök kvar</translation>
    </message>
    <message>
        <source>If this PIN code is wrong too, it is blocked. Unblocking needs your PUK code, and a new PUK code costs 150 kr. Nothing has been sent to the card yet.

Only go on if you are sure the PIN code is right, for example because you have it from your code envelope.</source>
        <translation>Om även den här PIN-koden är fel spärras den. För att låsa upp den behövs din PUK-kod, och en ny PUK-kod kostar 150 kr. Ingenting har skickats till kortet ännu.

Fortsätt bara om du är säker på att PIN-koden är rätt, till exempel för att du har den från ditt kodkuvert.</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Avbryt</translation>
    </message>
    <message>
        <source>&amp;Try this PUK code anyway</source>
        <translation>&amp;Prova den här PUK-koden ändå</translation>
    </message>
    <message>
        <source>&amp;Try this PIN code anyway</source>
        <translation>&amp;Prova den här PIN-koden ändå</translation>
    </message>
</context>
<context>
    <name>LockDialog</name>
    <message>
        <source>Put the card back</source>
        <translation>Sätt tillbaka kortet</translation>
    </message>
    <message>
        <source>&amp;Stop the upgrade</source>
        <translation>&amp;Avbryt uppgraderingen</translation>
    </message>
    <message>
        <source>The card was taken out of the reader. Put the same card (number {serial}) back in the reader “{reader}”: the upgrade goes on by itself. Nothing is sent to the card while it is out.</source>
        <translation>Kortet togs ut ur kortläsaren. Sätt tillbaka samma kort (nummer {serial}) i läsaren ”{reader}” så fortsätter uppgraderingen av sig själv. Inget skickas till kortet medan det är ute.</translation>
    </message>
    <message>
        <source>The card in the reader is another card, so it was not used. Take it out and put back your own card (number {serial}).</source>
        <translation>Kortet i läsaren är ett annat kort, så det användes inte. Ta ut det och sätt tillbaka ditt eget kort (nummer {serial}).</translation>
    </message>
    <message>
        <source>The upgrade cannot be stopped now: the old certificates are being deleted. Put the card back.</source>
        <translation>Uppgraderingen kan inte avbrytas nu: de gamla certifikaten håller på att raderas. Sätt tillbaka kortet.</translation>
    </message>
</context>
<context>
    <name>Page</name>
    <message>
        <source>Page content, scrolls</source>
        <translation>Sidans innehåll, rullar</translation>
    </message>
</context>
<context>
    <name>PinEdit</name>
    <message>
        <source>{n} digits</source>
        <translation>{n} siffror</translation>
    </message>
    <message>
        <source>Caps Lock is on. A PIN code has digits only.</source>
        <translation>Caps Lock är på. En PIN-kod består bara av siffror.</translation>
    </message>
    <message>
        <source>A PIN code has digits only.</source>
        <translation>En PIN-kod består bara av siffror.</translation>
    </message>
    <message>
        <source>Num Lock is off: turn it on to type digits on the number pad.</source>
        <translation>Num Lock är av: slå på det för att skriva siffror på det numeriska tangentbordet.</translation>
    </message>
</context>
<context>
    <name>PinPage</name>
    <message>
        <source>PIN codes</source>
        <translation>PIN-koder</translation>
    </message>
    <message>
        <source>The upgrade needs the PIN codes of your card to make new keys on it.</source>
        <translation>Uppgraderingen behöver kortets PIN-koder för att skapa nya nycklar på kortet.</translation>
    </message>
    <message>
        <source>Problem with the PIN code</source>
        <translation>Problem med PIN-koden</translation>
    </message>
    <message>
        <source>Keyboard hint</source>
        <translation>Tips om tangentbordet</translation>
    </message>
    <message>
        <source>Digits typed</source>
        <translation>Inskrivna siffror</translation>
    </message>
    <message>
        <source>&amp;Continue</source>
        <translation>&amp;Fortsätt</translation>
    </message>
    <message>
        <source>Type the PIN code of your card. It is the same PIN code for logging in and for signing.</source>
        <translation>Skriv kortets PIN-kod. Det är samma PIN-kod för legitimering och för underskrift.</translation>
    </message>
    <message>
        <source>Type both PIN codes of your card: the one for logging in and the one for signing.</source>
        <translation>Skriv kortets båda PIN-koder: den för legitimering och den för underskrift.</translation>
    </message>
    <message>
        <source>Type the {name} again.</source>
        <translation>Skriv {name} igen.</translation>
    </message>
    <message>
        <source>Type the {name}.</source>
        <translation>Skriv {name}.</translation>
    </message>
    <message>
        <source>{names}: one try left. A wrong PIN code now blocks it, and a new PUK code costs 150 kr. Only go on if you are sure of the PIN code.</source>
        <translation>{names}: ett försök kvar. En felaktig PIN-kod nu spärrar den, och en ny PUK-kod kostar 150 kr. Fortsätt bara om du är säker på PIN-koden.</translation>
    </message>
    <message>
        <source>The card is not in the reader. Put it back before you continue.</source>
        <translation>Kortet sitter inte i läsaren. Sätt tillbaka det innan du fortsätter.</translation>
    </message>
    <message>
        <source>{n} digits</source>
        <translation>{n} siffror</translation>
    </message>
    <message>
        <source>Tries left</source>
        <translation>Försök kvar</translation>
    </message>
    <message>
        <source>A PIN code has {n} digits: {typed} typed so far.</source>
        <translation>En PIN-kod har {n} siffror: {typed} inskrivna hittills.</translation>
    </message>
    <message>
        <source>{name}: {typed} of {n} digits typed.</source>
        <translation>{name}: {typed} av {n} siffror inskrivna.</translation>
    </message>
    <message>
        <source>Checking the PIN code with the card…</source>
        <translation>Kontrollerar PIN-koden med kortet…</translation>
    </message>
</context>
<context>
    <name>PracticePanel</name>
    <message>
        <source>Works normally</source>
        <translation>Fungerar som vanligt</translation>
    </message>
    <message>
        <source>Answers slowly (5 seconds)</source>
        <translation>Svarar långsamt (5 sekunder)</translation>
    </message>
    <message>
        <source>Asks the program to wait and ask again</source>
        <translation>Ber programmet vänta och fråga igen</translation>
    </message>
    <message>
        <source>Internal fault (HTTP 500)</source>
        <translation>Internt fel (HTTP 500)</translation>
    </message>
    <message>
        <source>Refuses to issue (card office stopped it)</source>
        <translation>Vägrar utfärda (kortkontoret har stoppat det)</translation>
    </message>
    <message>
        <source>Issues for the wrong key</source>
        <translation>Utfärdar för fel nyckel</translation>
    </message>
    <message>
        <source>Issues for another person</source>
        <translation>Utfärdar för en annan person</translation>
    </message>
    <message>
        <source>Issues from an unknown CA</source>
        <translation>Utfärdar från en okänd CA</translation>
    </message>
    <message>
        <source>Signs its answer wrongly</source>
        <translation>Signerar sitt svar felaktigt</translation>
    </message>
    <message>
        <source>Answers with garbage</source>
        <translation>Svarar med skräp</translation>
    </message>
    <message>
        <source>Answers with far too much data</source>
        <translation>Svarar med alldeles för mycket data</translation>
    </message>
    <message>
        <source>Two certificates (as before)</source>
        <translation>Två certifikat (som förut)</translation>
    </message>
    <message>
        <source>Four: an HSA-id pair and a personnummer pair</source>
        <translation>Fyra: ett HSA-id-par och ett personnummerpar</translation>
    </message>
    <message>
        <source>One: for logging in only (2024 platform)</source>
        <translation>Ett: bara legitimering (plattformen från 2024)</translation>
    </message>
    <message>
        <source>Practice mode</source>
        <translation>Övningsläge</translation>
    </message>
    <message>
        <source>Practice PIN and PUK</source>
        <translation>Övningskortets PIN och PUK</translation>
    </message>
    <message>
        <source>Practice card</source>
        <translation>Övningskort</translation>
    </message>
    <message>
        <source>&amp;Pull the card out</source>
        <translation>&amp;Dra ut kortet</translation>
    </message>
    <message>
        <source>&amp;Insert the card</source>
        <translation>&amp;Sätt i kortet</translation>
    </message>
    <message>
        <source>&amp;Block the PIN code</source>
        <translation>S&amp;pärra PIN-koden</translation>
    </message>
    <message>
        <source>As after three wrong PIN codes: only the PUK code helps.</source>
        <translation>Som efter tre felaktiga PIN-koder: bara PUK-koden hjälper.</translation>
    </message>
    <message>
        <source>Make the card &amp;due for renewal ({days} days left)</source>
        <translation>Låt kortet behöva &amp;förnyas ({days} dagar kvar)</translation>
    </message>
    <message>
        <source>One PIN code for both</source>
        <translation>En PIN-kod för båda</translation>
    </message>
    <message>
        <source>As after three wrong PIN codes for signing: only that PIN&apos;s PUK code helps.</source>
        <translation>Som efter tre felaktiga PIN-koder för underskrift: bara den PIN-kodens PUK-kod hjälper.</translation>
    </message>
    <message>
        <source>Block the PIN code for &amp;signing</source>
        <translation>Spärra PIN-koden för &amp;underskrift</translation>
    </message>
    <message>
        <source>Two PIN codes: for logging in and for signing</source>
        <translation>Två PIN-koder: för legitimering och för underskrift</translation>
    </message>
    <message>
        <source>The practice card&apos;s PIN codes</source>
        <translation>Övningskortets PIN-koder</translation>
    </message>
    <message>
        <source>PIN &amp;codes:</source>
        <translation>PIN-&amp;koder:</translation>
    </message>
    <message>
        <source>Practice issuing service</source>
        <translation>Utfärdartjänst för övning</translation>
    </message>
    <message>
        <source>How the issuing service behaves</source>
        <translation>Hur utfärdartjänsten beter sig</translation>
    </message>
    <message>
        <source>&amp;Behaviour:</source>
        <translation>&amp;Beteende:</translation>
    </message>
    <message>
        <source>Which certificates the issuing service gives the card</source>
        <translation>Vilka certifikat utfärdartjänsten ger kortet</translation>
    </message>
    <message>
        <source>Certificates &amp;given:</source>
        <translation>&amp;Certifikat som ges:</translation>
    </message>
    <message>
        <source>Another organisation&apos;s card office</source>
        <translation>En annan organisations kortkontor</translation>
    </message>
    <message>
        <source>&amp;Order an extra certificate pair</source>
        <translation>Beställ extra &amp;certifikatspar</translation>
    </message>
    <message>
        <source>As the card office of Kommun Övning would: a reference and a one-time code.</source>
        <translation>Som kortkontoret i Kommun Övning gör: en referens och en engångskod.</translation>
    </message>
    <message>
        <source>The order&apos;s reference and one-time code</source>
        <translation>Beställningens referens och engångskod</translation>
    </message>
    <message>
        <source>Reference: {reference}
One-time code: {code}
In the wizard: “Add certificates from another organisation”.</source>
        <translation>Referens: {reference}
Engångskod: {code}
I guiden: ”Lägg till certifikat från en annan organisation”.</translation>
    </message>
    <message>
        <source>That did not work: {error}</source>
        <translation>Det fungerade inte: {error}</translation>
    </message>
    <message>
        <source>This is a practice card and a practice issuing service: nothing here touches a real card.</source>
        <translation>Det här är ett övningskort och en utfärdartjänst för övning: inget här rör ett riktigt kort.</translation>
    </message>
    <message>
        <source>PIN code: {pin} (the card&apos;s one PIN code, for logging in and for signing)</source>
        <translation>PIN-kod: {pin} (kortets enda PIN-kod, för legitimering och underskrift)</translation>
    </message>
    <message>
        <source>PUK code: {puk}</source>
        <translation>PUK-kod: {puk}</translation>
    </message>
    <message>
        <source>PIN code: {pin}, the same for logging in and for signing</source>
        <translation>PIN-kod: {pin}, samma för legitimering och underskrift</translation>
    </message>
    <message>
        <source>PIN code for logging in: {pin}</source>
        <translation>PIN-kod för legitimering: {pin}</translation>
    </message>
    <message>
        <source>PIN code for signing: {pin}</source>
        <translation>PIN-kod för underskrift: {pin}</translation>
    </message>
    <message>
        <source>PUK code: {puk}, the same for both PIN codes</source>
        <translation>PUK-kod: {puk}, samma för båda PIN-koderna</translation>
    </message>
    <message>
        <source>PUK code for logging in: {puk}</source>
        <translation>PUK-kod för legitimering: {puk}</translation>
    </message>
    <message>
        <source>PUK code for signing: {puk}</source>
        <translation>PUK-kod för underskrift: {puk}</translation>
    </message>
    <message>
        <source>The card is in the reader.</source>
        <translation>Kortet sitter i läsaren.</translation>
    </message>
    <message>
        <source>The card is out.</source>
        <translation>Kortet är utdraget.</translation>
    </message>
    <message>
        <source>&amp;Block the PIN code for logging in</source>
        <translation>S&amp;pärra PIN-koden för legitimering</translation>
    </message>
    <message>
        <source>Takes effect at the next upgrade.</source>
        <translation>Gäller från nästa uppgradering.</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <source>Downloading the new certificates</source>
        <translation>Hämtar de nya certifikaten</translation>
    </message>
    <message>
        <source>Do not pull the card out of the reader, and do not close the program.</source>
        <translation>Dra inte ut kortet ur kortläsaren och stäng inte programmet.</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Förlopp</translation>
    </message>
    <message>
        <source>What happens now</source>
        <translation>Vad som händer nu</translation>
    </message>
    <message>
        <source>Do not pull the card out. If it comes out anyway, put the same card back: the upgrade goes on by itself.</source>
        <translation>Dra inte ut kortet. Om det ändå kommer ut, sätt tillbaka samma kort så fortsätter uppgraderingen av sig själv.</translation>
    </message>
    <message>
        <source>Waiting for the other upgrade of this card</source>
        <translation>Väntar på den andra uppgraderingen av kortet</translation>
    </message>
    <message>
        <source>An upgrade of this card is already running, in another window of the program or from IT support&apos;s command line. This one waits until it is finished, then reads the card again. Nothing has been done here yet.</source>
        <translation>En uppgradering av det här kortet pågår redan, i ett annat fönster av programmet eller från IT-supportens kommandorad. Den här väntar tills den är klar och läser sedan kortet igen. Ingenting har gjorts här ännu.</translation>
    </message>
    <message>
        <source>Deleting the old certificates</source>
        <translation>Raderar de gamla certifikaten</translation>
    </message>
    <message>
        <source>Finishing</source>
        <translation>Avslutar</translation>
    </message>
    <message>
        <source>Waiting</source>
        <translation>Väntar</translation>
    </message>
    <message>
        <source>In progress</source>
        <translation>Pågår</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Klart</translation>
    </message>
    <message>
        <source>Waiting for the card</source>
        <translation>Väntar på kortet</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>Stoppat</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} s</translation>
    </message>
</context>
<context>
    <name>ReminderTexts</name>
    <message>
        <source>Your SITHS card</source>
        <translation>Ditt SITHS-kort</translation>
    </message>
    <message>
        <source>The certificates on your card must be upgraded. Click here to do it now; it takes about 90 seconds.</source>
        <translation>Certifikaten på ditt kort måste uppgraderas. Klicka här för att göra det nu; det tar cirka 90 sekunder.</translation>
    </message>
    <message>
        <source>The certificate for {purpose} expired on {date}. Contact your card office.</source>
        <translation>Certifikatet för {purpose} gick ut {date}. Kontakta din biträdande utgivare.</translation>
    </message>
    <message>
        <source>The certificate for {purpose} from {organisation} expires on {date}. Contact the card office of {organisation} in good time.</source>
        <translation>Certifikatet för {purpose} från {organisation} går ut {date}. Kontakta kortkontoret i {organisation} i god tid.</translation>
    </message>
    <message>
        <source>The certificate for {purpose} expires in {days} days ({date}). Click here to renew it now.</source>
        <translation>Certifikatet för {purpose} går ut om {days} dagar ({date}). Klicka här för att förnya det nu.</translation>
    </message>
    <message>
        <source>The certificate for {purpose} expires in {days} days ({date}). Contact your card office in good time.</source>
        <translation>Certifikatet för {purpose} går ut om {days} dagar ({date}). Kontakta din biträdande utgivare i god tid.</translation>
    </message>
</context>
<context>
    <name>ReminderWindow</name>
    <message>
        <source>&amp;Open the upgrade program</source>
        <translation>&amp;Öppna uppgraderingsprogrammet</translation>
    </message>
    <message>
        <source>&amp;Later</source>
        <translation>&amp;Senare</translation>
    </message>
</context>
<context>
    <name>Renewal</name>
    <message>
        <source>The certificates are renewed</source>
        <translation>Certifikaten är förnyade</translation>
    </message>
    <message>
        <source>Downloading the renewed certificates</source>
        <translation>Hämtar de förnyade certifikaten</translation>
    </message>
    <message>
        <source>Read this before your certificates are renewed.</source>
        <translation>Läs det här innan dina certifikat förnyas.</translation>
    </message>
    <message>
        <source>The card of {holder} ({hsa_id}) gets new certificates before the current ones expire. The {n} certificates that expire soon are replaced: the new ones are installed and tested first, and only then are the old ones deleted.</source>
        <translation>Kortet som tillhör {holder} ({hsa_id}) får nya certifikat innan de nuvarande går ut. De {n} certifikat som snart går ut byts ut: de nya installeras och testas först, och först därefter raderas de gamla.</translation>
    </message>
    <message>
        <source>Encrypted e-mail: e-mail that was encrypted to your current certificates can no longer be read after the renewal. Move what you need to keep to another safe place before you start.</source>
        <translation>Krypterad e-post: e-post som har krypterats till dina nuvarande certifikat går inte att läsa efter förnyelsen. Flytta det du behöver spara till en annan säker lagringsplats innan du startar.</translation>
    </message>
    <message>
        <source>Do not pull the card out of the reader until the renewal is finished. It takes about {seconds} seconds. If the card comes out anyway, the renewal waits and goes on when you put the same card back.</source>
        <translation>Dra inte ut kortet ur kortläsaren förrän förnyelsen är klar. Den tar cirka {seconds} sekunder. Om kortet ändå kommer ut väntar förnyelsen och fortsätter när du sätter tillbaka samma kort.</translation>
    </message>
    <message>
        <source>This card cannot delete a key, so each renewal uses room of its own: after this one, room is left for {left} more. When it runs out, the card office gives you a new card.</source>
        <translation>Det här kortet kan inte radera en nyckel, så varje förnyelse tar eget utrymme: efter den här finns det plats för {left} till. När platsen är slut får du ett nytt kort av kortkontoret.</translation>
    </message>
    <message>
        <source>The certificates were renewed in 1 second. Your PIN codes are the same as before.</source>
        <translation>Certifikaten förnyades på 1 sekund. Dina PIN-koder är desamma som förut.</translation>
    </message>
    <message>
        <source>The certificates were renewed in {s} seconds. Your PIN codes are the same as before.</source>
        <translation>Certifikaten förnyades på {s} sekunder. Dina PIN-koder är desamma som förut.</translation>
    </message>
    <message>
        <source>The certificates were renewed in 1 second. {names}: use the new PIN code you chose when you unblocked it.</source>
        <translation>Certifikaten förnyades på 1 sekund. {names}: använd den nya PIN-koden du valde när du låste upp den.</translation>
    </message>
    <message>
        <source>The certificates were renewed in {s} seconds. {names}: use the new PIN code you chose when you unblocked it.</source>
        <translation>Certifikaten förnyades på {s} sekunder. {names}: använd den nya PIN-koden du valde när du låste upp den.</translation>
    </message>
    <message>
        <source>Next: restart the programs that use the card (web browser, e-mail, the patient record system), so that they find the new certificates. You can take the card out now.</source>
        <translation>Nästa steg: starta om de program som använder kortet (webbläsare, e-post, journalsystem) så att de hittar de nya certifikaten. Du kan ta ut kortet nu.</translation>
    </message>
    <message>
        <source>Renewal of the certificates of {holder} ({hsa_id})</source>
        <translation>Förnyelse av certifikaten för {holder} ({hsa_id})</translation>
    </message>
    <message>
        <source>- {n} certificates that expire soon are replaced by new ones.</source>
        <translation>- {n} certifikat som snart går ut byts mot nya.</translation>
    </message>
    <message>
        <source>- E-mail encrypted to your current certificates can no longer be read afterwards: move what you need first.</source>
        <translation>- E-post som krypterats till dina nuvarande certifikat går inte att läsa efteråt: flytta det du behöver först.</translation>
    </message>
    <message>
        <source>The certificates are not due for renewal yet</source>
        <translation>Certifikaten behöver inte förnyas än</translation>
    </message>
    <message>
        <source>The card&apos;s certificates are valid for a good while yet. Nothing needed to be done.</source>
        <translation>Kortets certifikat gäller en bra tid till. Ingenting behövde göras.</translation>
    </message>
    <message>
        <source>You will be reminded when it is time to renew them.</source>
        <translation>Du får en påminnelse när det är dags att förnya dem.</translation>
    </message>
    <message>
        <source>The certificates are not due for renewal yet: nothing to do.</source>
        <translation>Certifikaten behöver inte förnyas än: ingenting att göra.</translation>
    </message>
    <message>
        <source>They can be renewed from {date}.</source>
        <translation>De kan förnyas från och med {date}.</translation>
    </message>
    <message>
        <source>The card has no signature certificate. The renewal does not add one: “Fetch a signature certificate…” on the card page (sithsclient fetch) does, afterwards.</source>
        <translation>Kortet har inget underskriftscertifikat. Förnyelsen lägger inte till något: det gör ”Hämta ett underskriftscertifikat…” på kortsidan (sithsclient fetch), efteråt.</translation>
    </message>
</context>
<context>
    <name>Runbook</name>
    <message>
        <source>The person pressed Cancel (or closed the window). Before any card write nothing is left behind.</source>
        <translation>Personen tryckte på Avbryt (eller stängde fönstret). Före första skrivningen till kortet lämnas ingenting kvar.</translation>
    </message>
    <message>
        <source>The terms were not accepted; nothing was written to the card.</source>
        <translation>Villkoren godkändes inte; ingenting skrevs till kortet.</translation>
    </message>
    <message>
        <source>The PIN had one try left and the person chose not to risk it. No PIN was sent to the card.</source>
        <translation>PIN-koden hade ett försök kvar och personen valde att inte chansa. Ingen PIN-kod skickades till kortet.</translation>
    </message>
    <message>
        <source>The card said the PIN was wrong; one try was used.</source>
        <translation>Kortet svarade att PIN-koden var fel; ett försök förbrukades.</translation>
    </message>
    <message>
        <source>The PIN typed was not six digits, so it was not sent: no try was used.</source>
        <translation>Den inskrivna PIN-koden var inte sex siffror och skickades därför inte: inget försök förbrukades.</translation>
    </message>
    <message>
        <source>The PIN is blocked after too many wrong tries and the PUK was not given.</source>
        <translation>PIN-koden är spärrad efter för många felaktiga försök, och PUK-koden angavs inte.</translation>
    </message>
    <message>
        <source>The PUK was wrong; the PIN stays blocked. Too many wrong PUKs block the card for good.</source>
        <translation>PUK-koden var fel; PIN-koden är fortfarande spärrad. För många felaktiga PUK-koder spärrar kortet för gott.</translation>
    </message>
    <message>
        <source>A reader is connected but no card is in it.</source>
        <translation>En kortläsare är ansluten men inget kort sitter i den.</translation>
    </message>
    <message>
        <source>The card left the reader during a run and did not come back in time. The journal holds where it stopped.</source>
        <translation>Kortet togs ur läsaren under en körning och kom inte tillbaka i tid. Journalen visar var det stannade.</translation>
    </message>
    <message>
        <source>Another card than the one being upgraded was put in; the program never writes to it.</source>
        <translation>Ett annat kort än det som uppgraderas sattes i; programmet skriver aldrig till det.</translation>
    </message>
    <message>
        <source>More than one card is in the computer&apos;s readers, so the program does not guess which to use.</source>
        <translation>Mer än ett kort sitter i datorns kortläsare, så programmet gissar inte vilket som ska användas.</translation>
    </message>
    <message>
        <source>Another run of the program holds this card (a second window, or a command line beside the wizard). One run per card: the command line refuses, the wizard waits for the other. The lock goes with the process.</source>
        <translation>En annan körning av programmet håller det här kortet (ett andra fönster, eller kommandoraden bredvid guiden). En körning per kort: kommandoraden nekar, guiden väntar på den andra. Låset försvinner med processen.</translation>
    </message>
    <message>
        <source>No card reader is connected, or the smart card service (PC/SC, &apos;Smart Card&apos; on Windows) is not running.</source>
        <translation>Ingen kortläsare är ansluten, eller så körs inte smartkortstjänsten (PC/SC, &apos;Smartkort&apos; i Windows).</translation>
    </message>
    <message>
        <source>No card software (PKCS#11 module: Thales SAC eTPKCS11.dll, Net iD, ...) was found. `diagnose` lists the places tried; the MSI property PKCS11_MODULE sets it.</source>
        <translation>Ingen kortprogramvara (PKCS#11-modul: Thales SAC eTPKCS11.dll, Net iD, ...) hittades. `diagnose` visar var programmet letade; MSI-egenskapen PKCS11_MODULE anger den.</translation>
    </message>
    <message>
        <source>The card software cannot do what the upgrade needs (for example make keys on this card).</source>
        <translation>Kortprogramvaran kan inte det som uppgraderingen behöver (till exempel skapa nycklar på det här kortet).</translation>
    </message>
    <message>
        <source>The card or its software refused a command. The log names the command and the module&apos;s answer.</source>
        <translation>Kortet eller dess programvara vägrade ett kommando. Loggen visar kommandot och modulens svar.</translation>
    </message>
    <message>
        <source>The card could not be used, for a reason the log gives.</source>
        <translation>Kortet kunde inte användas, av ett skäl som loggen anger.</translation>
    </message>
    <message>
        <source>The card is not one that is upgraded: a spare card, a card of another issuer, or unknown.</source>
        <translation>Kortet är inte ett sådant som uppgraderas: ett reservkort, ett kort från en annan utfärdare eller okänt.</translation>
    </message>
    <message>
        <source>The card has no room for the new keys (the card software said so, or it ran out while a key was made). Nothing of the old set was removed; a half-made key was.</source>
        <translation>Kortet har inte plats för de nya nycklarna (kortprogramvaran sade det, eller platsen tog slut medan en nyckel skapades). Inget av den gamla uppsättningen togs bort, bara en halvfärdig nyckel.</translation>
    </message>
    <message>
        <source>The certificates on the card are not where the journal left them (another program changed the card?). The program stopped rather than guess.</source>
        <translation>Certifikaten på kortet är inte där journalen lämnade dem (har ett annat program ändrat kortet?). Programmet stannade hellre än att gissa.</translation>
    </message>
    <message>
        <source>Not every new certificate could be proven on the card, so the old ones were kept.</source>
        <translation>Alla nya certifikat kunde inte bekräftas på kortet, så de gamla behölls.</translation>
    </message>
    <message>
        <source>The journal folder (the user&apos;s data folder, `diagnose` names it) is read-only or its disk full. The run refuses before any card write, since an upgrade without a journal could not resume. Free space or fix the folder&apos;s rights.</source>
        <translation>Journalmappen (användarens datamapp, `diagnose` visar den) är skrivskyddad eller dess disk full. Körningen nekar före första skrivningen till kortet, eftersom en uppgradering utan journal inte kan fortsätta efter ett avbrott. Frigör utrymme eller rätta mappens behörigheter.</translation>
    </message>
    <message>
        <source>`diagnose --bundle FILE` could not write the file (the folder is not there, or is read-only). The report itself was printed; choose another place for the bundle.</source>
        <translation>`diagnose --bundle FIL` kunde inte skriva filen (mappen finns inte eller är skrivskyddad). Själva rapporten skrevs ut; välj en annan plats för paketet.</translation>
    </message>
    <message>
        <source>A fault in the program itself. The journal keeps the progress; the log has the details.</source>
        <translation>Ett fel i själva programmet. Journalen sparar förloppet; loggen har detaljerna.</translation>
    </message>
    <message>
        <source>No issuing service address is set: issuer_url in the configuration or the MSI&apos;s ISSUER_URL.</source>
        <translation>Ingen adress till utfärdartjänsten är angiven: issuer_url i inställningarna eller MSI-egenskapen ISSUER_URL.</translation>
    </message>
    <message>
        <source>A configuration file or registry value is not valid; the message names the file and the key.</source>
        <translation>En inställningsfil eller ett registervärde är ogiltigt; meddelandet anger filen och nyckeln.</translation>
    </message>
    <message>
        <source>The issuing service address is not https://, so it is refused.</source>
        <translation>Utfärdartjänstens adress börjar inte med https:// och nekas därför.</translation>
    </message>
    <message>
        <source>The connection to the issuing service failed.</source>
        <translation>Anslutningen till utfärdartjänsten misslyckades.</translation>
    </message>
    <message>
        <source>The issuing service could not be reached: no network, DNS, a firewall or a proxy.</source>
        <translation>Utfärdartjänsten gick inte att nå: inget nätverk, DNS, en brandvägg eller en proxy.</translation>
    </message>
    <message>
        <source>The issuing service did not answer in time.</source>
        <translation>Utfärdartjänsten svarade inte i tid.</translation>
    </message>
    <message>
        <source>The service&apos;s TLS certificate could not be verified: a proxy that breaks TLS, a wrong tls_ca_bundle, or the computer&apos;s clock.</source>
        <translation>Tjänstens TLS-certifikat kunde inte verifieras: en proxy som bryter TLS, fel tls_ca_bundle eller datorns klocka.</translation>
    </message>
    <message>
        <source>The issuing service answered with an HTTP error (for example 500): a fault on its side.</source>
        <translation>Utfärdartjänsten svarade med ett HTTP-fel (till exempel 500): ett fel på dess sida.</translation>
    </message>
    <message>
        <source>The answer was far larger than any real answer; it was not read.</source>
        <translation>Svaret var mycket större än något riktigt svar; det lästes inte.</translation>
    </message>
    <message>
        <source>The answer was not a CMP message (often a proxy&apos;s or a login portal&apos;s web page).</source>
        <translation>Svaret var inte ett CMP-meddelande (ofta en webbsida från en proxy eller en inloggningsportal).</translation>
    </message>
    <message>
        <source>The request for a certificate failed; the log says how.</source>
        <translation>Begäran om ett certifikat misslyckades; loggen visar hur.</translation>
    </message>
    <message>
        <source>The issuing service&apos;s answer could not be used.</source>
        <translation>Utfärdartjänstens svar gick inte att använda.</translation>
    </message>
    <message>
        <source>The answer was damaged or not valid CMP.</source>
        <translation>Svaret var skadat eller inte giltig CMP.</translation>
    </message>
    <message>
        <source>The service answered another kind of message than asked.</source>
        <translation>Tjänsten svarade med en annan sorts meddelande än det som efterfrågades.</translation>
    </message>
    <message>
        <source>The answer belonged to another transaction.</source>
        <translation>Svaret hörde till en annan transaktion.</translation>
    </message>
    <message>
        <source>The answer did not carry the request&apos;s nonce (a replay?).</source>
        <translation>Svaret bar inte begärans nonce (en uppspelning?).</translation>
    </message>
    <message>
        <source>The answer&apos;s signature did not hold, or was not by a trusted SITHS CA: something between the computer and the service, or a wrong trust setting.</source>
        <translation>Svarets signatur höll inte, eller var inte gjord av en betrodd SITHS-CA: något mellan datorn och tjänsten, eller en felaktig förtroendeinställning.</translation>
    </message>
    <message>
        <source>The answer&apos;s signature holds, but the service&apos;s signing certificate is not valid at the PC&apos;s time: the PC clock is years off (the error&apos;s detail gives both). Set the clock right; the run then goes on.</source>
        <translation>Svarets signatur håller, men tjänstens signeringscertifikat är inte giltigt enligt datorns tid: datorns klocka går flera år fel (felets detaljer visar båda). Ställ klockan rätt; körningen fortsätter sedan.</translation>
    </message>
    <message>
        <source>The answer&apos;s password-based protection did not hold (initial enrolment).</source>
        <translation>Svarets lösenordsbaserade skydd höll inte (första utfärdandet).</translation>
    </message>
    <message>
        <source>A PIN (or a number that looked like one) was given as an argument; it was refused without being used or logged. Type it when asked, or use --pin-stdin.</source>
        <translation>En PIN-kod (eller ett tal som liknade en) angavs som argument; den avvisades utan att användas eller loggas. Skriv den när programmet frågar, eller använd --pin-stdin.</translation>
    </message>
    <message>
        <source>The PUK had one try left and the person chose not to use it; nothing was sent. A new PUK comes from the card office.</source>
        <translation>PUK-koden hade ett försök kvar och personen valde att inte använda det; ingenting skickades. En ny PUK-kod fås från kortkontoret.</translation>
    </message>
    <message>
        <source>The service has not prepared the certificates yet and asked to be polled; it did not finish.</source>
        <translation>Tjänsten har ännu inte förberett certifikaten och bad programmet fråga igen; den blev inte klar.</translation>
    </message>
    <message>
        <source>The issuing service reported an error of its own.</source>
        <translation>Utfärdartjänsten rapporterade ett eget fel.</translation>
    </message>
    <message>
        <source>The issuing service refused to issue: the card office has not allowed it, or the card is revoked.</source>
        <translation>Utfärdartjänsten vägrade utfärda: kortkontoret har inte tillåtit det, eller så är kortet spärrat.</translation>
    </message>
    <message>
        <source>The reference or one-time code of an extra-pair order was not accepted.</source>
        <translation>Referensen eller engångskoden för en beställning av ett extra certifikatspar godtogs inte.</translation>
    </message>
    <message>
        <source>The one-time code was used already; it works once.</source>
        <translation>Engångskoden har redan använts; den fungerar en gång.</translation>
    </message>
    <message>
        <source>The certificate the service sent failed the program&apos;s checks and was not installed.</source>
        <translation>Certifikatet som tjänsten skickade klarade inte programmets kontroller och installerades inte.</translation>
    </message>
    <message>
        <source>A certificate issued for this card will never be installed (its confirmation came too late, or its attempt was given up) and the service refused its revocation (rr). Its serial number is in the journal&apos;s history; the card office revokes it, then running again goes on.</source>
        <translation>Ett certifikat som utfärdats för kortet kommer aldrig att installeras (bekräftelsen kom för sent, eller försöket övergavs) och tjänsten vägrade spärra det (rr). Dess serienummer står i journalens historik; kortkontoret spärrar det, därefter kan programmet köras igen och fortsätta.</translation>
    </message>
    <message>
        <source>The certificate did not match the new key on the card; nothing was installed.</source>
        <translation>Certifikatet passade inte den nya nyckeln på kortet; ingenting installerades.</translation>
    </message>
    <message>
        <source>The certificate is for another public key than the one made on the card.</source>
        <translation>Certifikatet gäller en annan publik nyckel än den som skapades på kortet.</translation>
    </message>
    <message>
        <source>The certificate names another person.</source>
        <translation>Certifikatet anger en annan person.</translation>
    </message>
    <message>
        <source>The certificate carries another HSA-ID than the card.</source>
        <translation>Certifikatet har ett annat HSA-id än kortet.</translation>
    </message>
    <message>
        <source>The certificate is for another use (key usage) than the pair it should replace.</source>
        <translation>Certifikatet är avsett för en annan användning (key usage) än paret det skulle ersätta.</translation>
    </message>
    <message>
        <source>The service sent a CA certificate instead of a personal one.</source>
        <translation>Tjänsten skickade ett CA-certifikat i stället för ett personligt.</translation>
    </message>
    <message>
        <source>The certificate does not chain to the trust anchors configured (trust / TRUST_ANCHORS).</source>
        <translation>Certifikatet leder inte till de förtroendeankare som är inställda (trust / TRUST_ANCHORS).</translation>
    </message>
    <message>
        <source>The new certificate is not valid at the computer&apos;s time: most often the PC clock is wrong.</source>
        <translation>Det nya certifikatet är inte giltigt enligt datorns tid: oftast går datorns klocka fel.</translation>
    </message>
    <message>
        <source>An extra-pair order was started without its one-time code.</source>
        <translation>En beställning av ett extra certifikatspar startades utan sin engångskod.</translation>
    </message>
    <message>
        <source>The one-time code was given on the command line, where other users could read it; it was refused. Use --code-stdin.</source>
        <translation>Engångskoden angavs på kommandoraden, där andra användare kan läsa den; den nekades. Använd --code-stdin.</translation>
    </message>
    <message>
        <source>The card holds an extra pair already; a card holds one.</source>
        <translation>Kortet har redan ett extra certifikatspar; ett kort rymmer ett.</translation>
    </message>
    <message>
        <source>The order is for the card&apos;s own HSA-ID, not another one&apos;s.</source>
        <translation>Beställningen gäller kortets eget HSA-id, inte en annan organisations.</translation>
    </message>
    <message>
        <source>The card holds this order&apos;s certificates already.</source>
        <translation>Kortet har redan den här beställningens certifikat.</translation>
    </message>
    <message>
        <source>Extra pairs go only on an ordinary SITHS card (not a spare or a foreign card).</source>
        <translation>Extra certifikatspar läggs bara på ett vanligt SITHS-kort (inte på ett reservkort eller ett kort från en annan utfärdare).</translation>
    </message>
    <message>
        <source>An upgrade of the card is half-way; it must be finished before an extra pair is added.</source>
        <translation>En uppgradering av kortet är halvvägs; den måste slutföras innan ett extra certifikatspar läggs till.</translation>
    </message>
    <message>
        <source>The order names another HSA-ID now than when the extra pair was begun.</source>
        <translation>Beställningen anger nu ett annat HSA-id än när det extra certifikatsparet påbörjades.</translation>
    </message>
    <message>
        <source>A certificate of the card&apos;s own pair has expired; a key update must be proven by a valid certificate (RFC 9483 4.1.3), so only the card office can issue new ones.</source>
        <translation>Ett certifikat i kortets eget par har gått ut; en nyckeluppdatering måste styrkas med ett giltigt certifikat (RFC 9483 4.1.3), så bara kortkontoret kan utfärda nya.</translation>
    </message>
    <message>
        <source>The configuration says renewal = &quot;card_office&quot;: the holder does not renew with this program.</source>
        <translation>Konfigurationen säger renewal = &quot;card_office&quot;: innehavaren förnyar inte med det här programmet.</translation>
    </message>
    <message>
        <source>The card must be upgraded (or an upgrade of it is half-way); the upgrade, not a renewal, replaces its certificates.</source>
        <translation>Kortet måste uppgraderas (eller så är en uppgradering av det halvvägs); uppgraderingen, inte en förnyelse, byter ut dess certifikat.</translation>
    </message>
    <message>
        <source>Not an ordinary current SITHS eID card (a spare card, another issuer&apos;s card, no own pair): the card office renews it.</source>
        <translation>Inte ett vanligt aktuellt SITHS eID-kort (ett reservkort, en annan utfärdares kort, inget eget par): kortkontoret förnyar det.</translation>
    </message>
    <message>
        <source>Yes, at once: it goes on where it stopped.</source>
        <translation>Ja, direkt: det fortsätter där det stannade.</translation>
    </message>
    <message>
        <source>Yes, once the cause is put right.</source>
        <translation>Ja, när orsaken är åtgärdad.</translation>
    </message>
    <message>
        <source>Not before the one named below has looked: the same thing would happen again.</source>
        <translation>Inte innan den som nämns nedan har tittat på det: samma sak skulle hända igen.</translation>
    </message>
    <message>
        <source>Nobody.</source>
        <translation>Ingen.</translation>
    </message>
    <message>
        <source>Nobody: the person puts it right.</source>
        <translation>Ingen: personen rättar till det själv.</translation>
    </message>
    <message>
        <source>The card office, for a new PUK (150 kr).</source>
        <translation>Kortkontoret, för en ny PUK-kod (150 kr).</translation>
    </message>
    <message>
        <source>The issuing service&apos;s operator (through the card office) if it lasts.</source>
        <translation>Utfärdartjänstens driftansvariga (via kortkontoret) om det består.</translation>
    </message>
    <message>
        <source>Network / IT support.</source>
        <translation>Nätverk / IT-support.</translation>
    </message>
    <message>
        <source>IT support (this runbook&apos;s reader).</source>
        <translation>IT-support (den som läser den här handboken).</translation>
    </message>
    <message>
        <source>The local card office (biträdande utgivare).</source>
        <translation>Det lokala kortkontoret (biträdande utgivare).</translation>
    </message>
    <message>
        <source>The card office of the ordering organisation.</source>
        <translation>Kortkontoret hos den beställande organisationen.</translation>
    </message>
    <message>
        <source># sithsclient: error codes for IT support</source>
        <translation># sithsclient: felkoder för IT-support</translation>
    </message>
    <message>
        <source>Every stable code the program shows, what the person saw, what it means, whether running again is safe, and what to do. Generated from the program&apos;s own tables (`make runbook`); do not edit by hand.</source>
        <translation>Varje felkod som programmet visar: vad personen såg, vad det betyder, om det är säkert att köra igen och vad man gör. Skapad från programmets egna tabeller (`make runbook`); redigera inte för hand.</translation>
    </message>
    <message>
        <source>The code is the same in both languages. `sithsclient diagnose` and the wizard&apos;s IT-support view show the code of the last stop and point here.</source>
        <translation>Koden är densamma på båda språken. `sithsclient diagnose` och guidens vy För IT-support visar koden för senaste stoppet och hänvisar hit.</translation>
    </message>
    <message>
        <source>What the person saw</source>
        <translation>Vad personen såg</translation>
    </message>
    <message>
        <source>What it means</source>
        <translation>Vad det betyder</translation>
    </message>
    <message>
        <source>Running again</source>
        <translation>Köra igen</translation>
    </message>
    <message>
        <source>What the program told the person to do</source>
        <translation>Vad programmet bad personen göra</translation>
    </message>
    <message>
        <source>Send it to</source>
        <translation>Skicka till</translation>
    </message>
</context>
<context>
    <name>Status</name>
    <message>
        <source>given with --module; no other card software is tried</source>
        <translation>angiven med --module; ingen annan kortprogramvara prövas</translation>
    </message>
    <message>
        <source>set in the configuration; no other card software is tried</source>
        <translation>angiven i inställningarna; ingen annan kortprogramvara prövas</translation>
    </message>
    <message>
        <source>set in {variable}; no other card software is tried</source>
        <translation>angiven i {variable}; ingen annan kortprogramvara prövas</translation>
    </message>
    <message>
        <source>the only card software found on this computer</source>
        <translation>den enda kortprogramvaran som finns på den här datorn</translation>
    </message>
    <message>
        <source>the card in the reader is a {card} (ATR {atr}), for which this is the card software</source>
        <translation>kortet i läsaren är ett {card} (ATR {atr}), och det här är dess kortprogramvara</translation>
    </message>
    <message>
        <source>the first card software, in the usual order, that shows a card</source>
        <translation>den första kortprogramvaran, i vanlig ordning, som visar ett kort</translation>
    </message>
    <message>
        <source>no card software shows a card: the first in the usual order</source>
        <translation>ingen kortprogramvara visar ett kort: den första i vanlig ordning</translation>
    </message>
    <message>
        <source>not found</source>
        <translation>hittades inte</translation>
    </message>
    <message>
        <source>could not be loaded ({error})</source>
        <translation>kunde inte läsas in ({error})</translation>
    </message>
</context>
<context>
    <name>Steps</name>
    <message>
        <source>Checking the card</source>
        <translation>Kontrollerar kortet</translation>
    </message>
    <message>
        <source>PIN codes</source>
        <translation>PIN-koder</translation>
    </message>
    <message>
        <source>Terms</source>
        <translation>Villkor</translation>
    </message>
    <message>
        <source>Generating certificate requests</source>
        <translation>Genererar certifikatsbegäran</translation>
    </message>
    <message>
        <source>Fetching and installing certificates</source>
        <translation>Hämtar och installerar certifikat</translation>
    </message>
    <message>
        <source>Deleting old certificates</source>
        <translation>Raderar gamla certifikat</translation>
    </message>
    <message>
        <source>The certificates are downloaded and the upgrade is complete</source>
        <translation>Certifikaten är nedladdade och uppgraderingen är klar</translation>
    </message>
</context>
<context>
    <name>Terminal</name>
    <message>
        <source>Places tried: {tried}.</source>
        <translation>Platser som prövades: {tried}.</translation>
    </message>
    <message>
        <source>Card software: {module}.</source>
        <translation>Kortprogramvara: {module}.</translation>
    </message>
    <message>
        <source>In {source}: {problem}.</source>
        <translation>I {source}: {problem}.</translation>
    </message>
    <message>
        <source>Give --issuer URL, or set issuer_url in the configuration.</source>
        <translation>Ange --issuer URL, eller sätt issuer_url i inställningarna.</translation>
    </message>
    <message>
        <source>The file {path} could not be written ({problem}).</source>
        <translation>Filen {path} kunde inte skrivas ({problem}).</translation>
    </message>
    <message>
        <source>Folder: {folder} ({problem}).</source>
        <translation>Mapp: {folder} ({problem}).</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>disken är full</translation>
    </message>
    <message>
        <source>read-only or no access rights</source>
        <translation>skrivskyddad eller utan behörighet</translation>
    </message>
    <message>
        <source>unknown setting(s) {unknown}; the known ones are {known}</source>
        <translation>okänd inställning {unknown}; de kända är {known}</translation>
    </message>
    <message>
        <source>trust must be a file name or a list of file names</source>
        <translation>trust måste vara ett filnamn eller en lista med filnamn</translation>
    </message>
    <message>
        <source>{key} must be a text value</source>
        <translation>{key} måste vara ett textvärde</translation>
    </message>
    <message>
        <source>{key} must be one of {choices}</source>
        <translation>{key} måste vara en av {choices}</translation>
    </message>
    <message>
        <source>{key} must be a web address starting with https://</source>
        <translation>{key} måste vara en webbadress som börjar med https://</translation>
    </message>
    <message>
        <source>renewal_days must be a whole number of days from 1 to {most}</source>
        <translation>renewal_days måste vara ett helt antal dagar från 1 till {most}</translation>
    </message>
    <message>
        <source>the file is not UTF-8 text (byte {byte}); save it as UTF-8</source>
        <translation>filen är inte UTF-8-text (byte {byte}); spara den som UTF-8</translation>
    </message>
    <message>
        <source>values are nested too deeply</source>
        <translation>värdena är nästlade för djupt</translation>
    </message>
    <message>
        <source>the file does not exist</source>
        <translation>filen finns inte</translation>
    </message>
    <message>
        <source>the file is not valid TOML at line {line}, column {column} ({what})</source>
        <translation>filen är inte giltig TOML på rad {line}, kolumn {column} ({what})</translation>
    </message>
    <message>
        <source>No log is written: {folder} cannot be written to ({problem}).</source>
        <translation>Ingen logg skrivs: det går inte att skriva i {folder} ({problem}).</translation>
    </message>
    <message>
        <source>Card {serial} in {reader}</source>
        <translation>Kort {serial} i {reader}</translation>
    </message>
    <message>
        <source>PIN code</source>
        <translation>PIN-kod</translation>
    </message>
    <message>
        <source>PIN for logging in (legitimering)</source>
        <translation>PIN för legitimering</translation>
    </message>
    <message>
        <source>PIN for signing (underskrift)</source>
        <translation>PIN för underskrift</translation>
    </message>
    <message>
        <source>{pin}: one try left.</source>
        <translation>{pin}: ett försök kvar.</translation>
    </message>
    <message>
        <source>A wrong PIN now blocks it, and a new PUK costs 150 kr. Only go on if you are sure of the PIN.</source>
        <translation>En felaktig PIN-kod nu spärrar den, och en ny PUK-kod kostar 150 kr. Fortsätt bara om du är säker på PIN-koden.</translation>
    </message>
    <message>
        <source>Try this PIN anyway? [y/N] </source>
        <translation>Prova den här PIN-koden ändå? [j/N] </translation>
    </message>
    <message>
        <source>{pin} is blocked.</source>
        <translation>{pin} är spärrad.</translation>
    </message>
    <message>
        <source>You can unblock it with your PUK.</source>
        <translation>Du kan låsa upp den med din PUK-kod.</translation>
    </message>
    <message>
        <source>Unblock it now with the PUK? [y/N] </source>
        <translation>Lås upp den nu med PUK-koden? [j/N] </translation>
    </message>
    <message>
        <source>PUK code: </source>
        <translation>PUK-kod: </translation>
    </message>
    <message>
        <source>PUK code ({tries}): </source>
        <translation>PUK-kod ({tries}): </translation>
    </message>
    <message>
        <source>The PUK code has one try left.</source>
        <translation>PUK-koden har ett försök kvar.</translation>
    </message>
    <message>
        <source>If it is wrong, the PUK code is blocked as well and only your local card office can help.</source>
        <translation>Om den är fel spärras även PUK-koden, och då kan bara ditt lokala kortkontor hjälpa dig.</translation>
    </message>
    <message>
        <source>Try this PUK code anyway? [y/N] </source>
        <translation>Prova den här PUK-koden ändå? [j/N] </translation>
    </message>
    <message>
        <source>New PIN code: </source>
        <translation>Ny PIN-kod: </translation>
    </message>
    <message>
        <source>New PIN code again: </source>
        <translation>Ny PIN-kod igen: </translation>
    </message>
    <message>
        <source>The two new PIN codes differ.</source>
        <translation>De två nya PIN-koderna är olika.</translation>
    </message>
    <message>
        <source>- It takes about {seconds} seconds. If the card leaves the reader, it waits and goes on when you put the same card back.</source>
        <translation>- Det tar ungefär {seconds} sekunder. Om kortet tas ut ur läsaren väntar det och fortsätter när du sätter tillbaka samma kort.</translation>
    </message>
    <message>
        <source>I accept the terms: yes (--yes)</source>
        <translation>Jag godkänner villkoren: ja (--yes)</translation>
    </message>
    <message>
        <source>I accept the terms [y/N] </source>
        <translation>Jag godkänner villkoren [j/N] </translation>
    </message>
    <message>
        <source>The terms must be accepted: run with --yes in scripts.</source>
        <translation>Villkoren måste godkännas: kör med --yes i skript.</translation>
    </message>
    <message>
        <source>The card is back; going on.</source>
        <translation>Kortet är tillbaka; det fortsätter.</translation>
    </message>
    <message>
        <source>The program met an error it did not expect; nothing more was done. The details are in {path}.</source>
        <translation>Programmet stötte på ett fel som det inte räknade med; ingenting mer gjordes. Detaljerna finns i {path}.</translation>
    </message>
    <message>
        <source>An upgrade of this card is already running; this one waits.</source>
        <translation>En uppgradering av kortet pågår redan; den här väntar.</translation>
    </message>
    <message>
        <source>The PIN code is unblocked: from now on it is the new one you chose.</source>
        <translation>PIN-koden är upplåst: från och med nu gäller den nya du valde.</translation>
    </message>
    <message>
        <source>Restart the programs that use the card.</source>
        <translation>Starta om de program som använder kortet.</translation>
    </message>
    <message>
        <source>Running it again resumes where it stopped.</source>
        <translation>Kör kommandot igen så fortsätter det där det stannade.</translation>
    </message>
    <message>
        <source>Several cards are inserted ({serials}): choose one with --serial.</source>
        <translation>Flera kort sitter i ({serials}): välj ett med --serial.</translation>
    </message>
    <message>
        <source>No issuing service is configured: give --issuer URL or set issuer_url.</source>
        <translation>Ingen utfärdartjänst är inställd: ange --issuer URL eller sätt issuer_url.</translation>
    </message>
    <message>
        <source>One-time code: </source>
        <translation>Engångskod: </translation>
    </message>
    <message>
        <source>card {serial}: must be upgraded (certificates from the old SITHS hierarchy)</source>
        <translation>kort {serial}: måste uppgraderas (certifikat från den gamla SITHS-hierarkin)</translation>
    </message>
    <message>
        <source>card {serial}: the certificate for {what} expired on {date}</source>
        <translation>kort {serial}: certifikatet för {what} gick ut {date}</translation>
    </message>
    <message>
        <source>card {serial}: the certificate for {what} expires on {date} ({days} days)</source>
        <translation>kort {serial}: certifikatet för {what} går ut {date} (om {days} dagar)</translation>
    </message>
    <message>
        <source>card {serial}: the certificate for {what} from {organisation} ends on {date}: its card office renews it</source>
        <translation>kort {serial}: certifikatet för {what} från {organisation} går ut {date}: dess kortkontor förnyar det</translation>
    </message>
    <message>
        <source>card {serial}: nothing to do ({verdict})</source>
        <translation>kort {serial}: inget att göra ({verdict})</translation>
    </message>
    <message>
        <source>Starting practice mode ({where}, practice issuing service)…</source>
        <translation>Startar övningsläget ({where}, utfärdartjänst för övning)…</translation>
    </message>
    <message>
        <source>card reader service, practice card</source>
        <translation>kortläsartjänst, övningskort</translation>
    </message>
    <message>
        <source>practice card in the program</source>
        <translation>övningskort i programmet</translation>
    </message>
    <message>
        <source>the PC/SC rig&apos;s practice card has one PIN; --pins 2 works without --rig.</source>
        <translation>övningskortet i PC/SC-riggen har en PIN-kod; --pins 2 fungerar utan --rig.</translation>
    </message>
    <message>
        <source>one PIN for both</source>
        <translation>en PIN-kod för båda</translation>
    </message>
    <message>
        <source>two PINs (legitimering, underskrift), the same code</source>
        <translation>två PIN-koder (legitimering, underskrift), samma kod</translation>
    </message>
    <message>
        <source>Practice card {serial} ({holder}, {hsa_id}) in “{reader}”.</source>
        <translation>Övningskort {serial} ({holder}, {hsa_id}) i ”{reader}”.</translation>
    </message>
    <message>
        <source>Practice PIN code: {pin}   Practice PUK code: {puk}   ({layout})</source>
        <translation>PIN-kod för övning: {pin}   PUK-kod för övning: {puk}   ({layout})</translation>
    </message>
    <message>
        <source>The practice upgrade runs in the terminal, with the practice PIN typed for you and the terms accepted (--yes).</source>
        <translation>Övningsuppgraderingen körs i terminalen, med övnings-PIN-koden inskriven åt dig och villkoren godkända (--yes).</translation>
    </message>
    <message>
        <source>PKCS#11 module: {module} (chosen because: {reason})</source>
        <translation>PKCS#11-modul: {module} (vald därför att: {reason})</translation>
    </message>
    <message>
        <source>Card readers: the smart card service (PC/SC) is not running</source>
        <translation>Kortläsare: smartkortstjänsten (PC/SC) körs inte</translation>
    </message>
    <message>
        <source>Card readers: none</source>
        <translation>Kortläsare: inga</translation>
    </message>
    <message>
        <source>card present (ATR {atr})</source>
        <translation>kort isatt (ATR {atr})</translation>
    </message>
    <message>
        <source>empty</source>
        <translation>tom</translation>
    </message>
    <message>
        <source>Reader: {name}: {state}</source>
        <translation>Kortläsare: {name}: {state}</translation>
    </message>
    <message>
        <source>Card {serial} ({label}, {layout} layout) in {reader}</source>
        <translation>Kort {serial} ({label}, layout {layout}) i {reader}</translation>
    </message>
    <message>
        <source>could not be read</source>
        <translation>gick inte att läsa</translation>
    </message>
    <message>
        <source>  PIN {pin}: {state}</source>
        <translation>  PIN {pin}: {state}</translation>
    </message>
    <message>
        <source>slot {slot}</source>
        <translation>plats {slot}</translation>
    </message>
    <message>
        <source>  Verdict: {verdict}: {text}</source>
        <translation>  Bedömning: {verdict}: {text}</translation>
    </message>
    <message>
        <source>Support bundle written: {path}</source>
        <translation>Supportpaketet är sparat: {path}</translation>
    </message>
    <message>
        <source>the display {where} does not answer, so the wizard cannot open.</source>
        <translation>skärmen {where} svarar inte, så guiden kan inte öppnas.</translation>
    </message>
    <message>
        <source>no display to open the wizard on.</source>
        <translation>ingen skärm att öppna guiden på.</translation>
    </message>
    <message>
        <source>Use `sithsclient upgrade` in a terminal, or `sithsclient --help` for every command.</source>
        <translation>Använd `sithsclient upgrade` i en terminal, eller `sithsclient --help` för alla kommandon.</translation>
    </message>
    <message>
        <source>No display: the practice upgrade runs in the terminal, with the practice PIN typed for you and the terms accepted (--yes). Run `sithsclient demo` on a desktop to see the wizard.</source>
        <translation>Ingen skärm: övningsuppgraderingen körs i terminalen, med övnings-PIN-koden inskriven åt dig och villkoren godkända (--yes). Kör `sithsclient demo` på ett skrivbord för att se guiden.</translation>
    </message>
    <message>
        <source>unrecognized arguments: {words}</source>
        <translation>okända argument: {words}</translation>
    </message>
    <message>
        <source>the following arguments are required: {names}</source>
        <translation>de här argumenten krävs: {names}</translation>
    </message>
    <message>
        <source>argument {name}: invalid choice: {value} (choose from {choices})</source>
        <translation>argumentet {name}: ogiltigt val: {value} (välj bland {choices})</translation>
    </message>
    <message>
        <source>argument {name}: expected one argument</source>
        <translation>argumentet {name}: ett värde väntades</translation>
    </message>
    <message>
        <source>argument {name}: invalid value: {value}</source>
        <translation>argumentet {name}: ogiltigt värde: {value}</translation>
    </message>
    <message>
        <source>argument {name}: not allowed with argument {other}</source>
        <translation>argumentet {name}: går inte tillsammans med argumentet {other}</translation>
    </message>
    <message>
        <source>usage: </source>
        <translation>användning: </translation>
    </message>
    <message>
        <source>error</source>
        <translation>fel</translation>
    </message>
</context>
<context>
    <name>TermsPage</name>
    <message>
        <source>Terms</source>
        <translation>Villkor</translation>
    </message>
    <message>
        <source>Read this before the new certificates are downloaded to your card.</source>
        <translation>Läs det här innan de nya certifikaten laddas ned till ditt kort.</translation>
    </message>
    <message>
        <source>The terms for your certificates</source>
        <translation>Villkoren för dina certifikat</translation>
    </message>
    <message>
        <source>Your organisation&apos;s terms in full: &lt;a href=&quot;{url}&quot;&gt;{url}&lt;/a&gt;</source>
        <translation>Din organisations villkor i sin helhet: &lt;a href=&quot;{url}&quot;&gt;{url}&lt;/a&gt;</translation>
    </message>
    <message>
        <source>Encrypted e-mail</source>
        <translation>Krypterad e-post</translation>
    </message>
    <message>
        <source>Before you start</source>
        <translation>Innan du startar</translation>
    </message>
    <message>
        <source>PIN code unblocked</source>
        <translation>PIN-koden är upplåst</translation>
    </message>
    <message>
        <source>I &amp;accept the terms</source>
        <translation>Jag &amp;godkänner villkoren</translation>
    </message>
    <message>
        <source>I accept the terms</source>
        <translation>Jag godkänner villkoren</translation>
    </message>
    <message>
        <source>&amp;Start the download</source>
        <translation>&amp;Starta nedladdning</translation>
    </message>
    <message>
        <source>As the holder of a SITHS card you agree:
• to keep the card and its PIN codes to yourself: never lend the card or tell anyone a PIN code;
• to tell your card office at once if the card is lost or stolen, so that its certificates are revoked;
• that what you sign with the card is signed by you, and that the certificates are used in your work.</source>
        <translation>Som innehavare av ett SITHS-kort godkänner du:
• att hålla kortet och dess PIN-koder för dig själv: låna aldrig ut kortet och berätta aldrig en PIN-kod för någon;
• att genast meddela ditt kortkontor om kortet kommer bort eller blir stulet, så att dess certifikat spärras;
• att det du skriver under med kortet är underskrivet av dig, och att certifikaten används i ditt arbete.</translation>
    </message>
    <message>
        <source>{name} is unblocked. From now on it is the new PIN code you chose.</source>
        <translation>{name} är upplåst. Från och med nu gäller den nya PIN-koden du valde.</translation>
    </message>
    <message>
        <source>The card is not in the reader. Put it back before you start.</source>
        <translation>Kortet sitter inte i läsaren. Sätt tillbaka det innan du startar.</translation>
    </message>
</context>
<context>
    <name>Texts</name>
    <message>
        <source>Contact your local card office (biträdande utgivare) and give them the error code.</source>
        <translation>Kontakta din lokala biträdande utgivare (kortkontoret) och uppge felkoden.</translation>
    </message>
    <message>
        <source>Contact your local IT support and give them the error code.</source>
        <translation>Kontakta din lokala IT-support och uppge felkoden.</translation>
    </message>
    <message>
        <source>Contact the card office of the organisation that ordered the extra certificates, and give them the error code.</source>
        <translation>Kontakta kortkontoret hos den organisation som beställde de extra certifikaten och uppge felkoden.</translation>
    </message>
    <message>
        <source>Check that the computer is connected to the network. If it keeps failing, contact your local IT support.</source>
        <translation>Kontrollera att datorn är ansluten till nätverket. Om det fortsätter att gå fel, kontakta din lokala IT-support.</translation>
    </message>
    <message>
        <source>Your PIN codes are in the code envelope you received with the card. If you cannot find them, order a PUK code from your local card office (biträdande utgivare); a new PUK code costs 150 kr.</source>
        <translation>Dina PIN-koder finns i kodkuvertet som du fick med kortet. Hittar du dem inte, beställ en PUK-kod hos din lokala biträdande utgivare; en ny PUK-kod kostar 150 kr.</translation>
    </message>
    <message>
        <source>The fault is in the issuing service, not in your card or your computer. Try again later, for example in an hour. If it keeps failing, contact your local IT support and give them the error code.</source>
        <translation>Felet ligger i utfärdartjänsten, inte i ditt kort eller din dator. Försök igen senare, till exempel om en timme. Om det fortsätter att misslyckas, kontakta din lokala IT-support och ge dem felkoden.</translation>
    </message>
    <message>
        <source>You can put this right yourself: do what is said above, then try again. No one needs to be contacted.</source>
        <translation>Det här kan du rätta till själv: gör det som står ovan och försök sedan igen. Du behöver inte kontakta någon.</translation>
    </message>
    <message>
        <source>Nothing needs to be done, and no one needs to be contacted. Start again when you are ready.</source>
        <translation>Ingenting behöver göras och du behöver inte kontakta någon. Börja om när du är redo.</translation>
    </message>
    <message>
        <source>Your card office: {contact}</source>
        <translation>Ditt kortkontor: {contact}</translation>
    </message>
    <message>
        <source>Your IT support: {contact}</source>
        <translation>Din IT-support: {contact}</translation>
    </message>
    <message>
        <source>The card software (Net iD or the SITHS eID client) was not found on this computer.</source>
        <translation>Programvaran för kortet (Net iD eller SITHS eID-klienten) hittades inte på den här datorn.</translation>
    </message>
    <message>
        <source>No card reader was found. Connect the card reader to the computer.</source>
        <translation>Ingen kortläsare hittades. Anslut kortläsaren till datorn.</translation>
    </message>
    <message>
        <source>Insert your SITHS card (eTjänstekort) in the card reader.</source>
        <translation>Sätt in ditt SITHS-kort (eTjänstekort) i kortläsaren.</translation>
    </message>
    <message>
        <source>The card was taken out of the reader and did not come back. The upgrade goes on where it stopped.</source>
        <translation>Kortet togs ut ur läsaren och kom inte tillbaka. Uppgraderingen fortsätter där den stannade.</translation>
    </message>
    <message>
        <source>Another card was put in the reader. It was not used.</source>
        <translation>Ett annat kort sattes i läsaren. Det användes inte.</translation>
    </message>
    <message>
        <source>This card cannot be upgraded.</source>
        <translation>Det här kortet kan inte uppgraderas.</translation>
    </message>
    <message>
        <source>The certificates on the card are not where the upgrade left them, so it stopped to be safe.</source>
        <translation>Certifikaten på kortet är inte där uppgraderingen lämnade dem, så den stoppades för säkerhets skull.</translation>
    </message>
    <message>
        <source>Several cards are inserted. Leave only your own card in a reader.</source>
        <translation>Flera kort sitter i. Låt bara ditt eget kort sitta i en läsare.</translation>
    </message>
    <message>
        <source>An upgrade of this card is already running, in another window or from the command line. Let it finish first. Nothing was done here.</source>
        <translation>En uppgradering av det här kortet pågår redan, i ett annat fönster eller från kommandoraden. Låt den bli klar först. Ingenting gjordes här.</translation>
    </message>
    <message>
        <source>The card refused an operation.</source>
        <translation>Kortet vägrade utföra en åtgärd.</translation>
    </message>
    <message>
        <source>The card has no room for the new keys. It still has its old certificates and works as before.</source>
        <translation>Kortet har inte plats för de nya nycklarna. Det har kvar sina gamla certifikat och fungerar som förut.</translation>
    </message>
    <message>
        <source>The card or its software cannot do what the upgrade needs.</source>
        <translation>Kortet eller dess programvara klarar inte det som uppgraderingen behöver.</translation>
    </message>
    <message>
        <source>The card could not be used.</source>
        <translation>Kortet gick inte att använda.</translation>
    </message>
    <message>
        <source>The PIN code was wrong.</source>
        <translation>PIN-koden var fel.</translation>
    </message>
    <message>
        <source>The PIN code has one try left and you chose not to use it. Nothing was sent to the card, and the card works as before.</source>
        <translation>PIN-koden har ett försök kvar och du valde att inte använda det. Inget skickades till kortet, och kortet fungerar som förut.</translation>
    </message>
    <message>
        <source>The PIN code is blocked. It can be unblocked with your PUK code.</source>
        <translation>PIN-koden är spärrad. Den kan låsas upp med din PUK-kod.</translation>
    </message>
    <message>
        <source>A PIN code has 6 digits. Nothing was sent to the card.</source>
        <translation>En PIN-kod har 6 siffror. Inget skickades till kortet.</translation>
    </message>
    <message>
        <source>The PUK code was wrong. The PIN code is still blocked.</source>
        <translation>PUK-koden var fel. PIN-koden är fortfarande spärrad.</translation>
    </message>
    <message>
        <source>The upgrade was cancelled. The card works as before.</source>
        <translation>Uppgraderingen avbröts. Kortet fungerar som förut.</translation>
    </message>
    <message>
        <source>The terms were not accepted. Nothing was changed on the card.</source>
        <translation>Villkoren godkändes inte. Inget ändrades på kortet.</translation>
    </message>
    <message>
        <source>The program cannot save its record of the upgrade on this computer (the disk is full or cannot be written), so it did not start. Nothing was done on the card.</source>
        <translation>Programmet kan inte spara sin anteckning om uppgraderingen på den här datorn (disken är full eller går inte att skriva till), så den startade inte. Ingenting gjordes på kortet.</translation>
    </message>
    <message>
        <source>Not every new certificate was in place, so no old certificate was deleted.</source>
        <translation>Alla nya certifikat var inte på plats, så inget gammalt certifikat raderades.</translation>
    </message>
    <message>
        <source>The new certificate did not belong to the new key on the card. Nothing was installed.</source>
        <translation>Det nya certifikatet hörde inte till den nya nyckeln på kortet. Inget installerades.</translation>
    </message>
    <message>
        <source>No issuing service is configured on this computer.</source>
        <translation>Ingen utfärdartjänst är inställd på den här datorn.</translation>
    </message>
    <message>
        <source>The program&apos;s settings are not valid.</source>
        <translation>Programmets inställningar är inte giltiga.</translation>
    </message>
    <message>
        <source>The program met an error it did not expect. The upgrade saves its progress, so it can go on later.</source>
        <translation>Programmet stötte på ett fel det inte räknade med. Uppgraderingen sparar hur långt den har kommit, så den kan fortsätta senare.</translation>
    </message>
    <message>
        <source>A PIN code is not taken on the command line, where others on this computer can read it, so it was refused unread: type it when asked, or give it on standard input with --pin-stdin. Nothing was changed on the card.</source>
        <translation>En PIN-kod tas inte emot på kommandoraden, där andra på datorn kan läsa den, så den avvisades oläst: skriv den när programmet frågar, eller ge den på standard in med --pin-stdin. Inget ändrades på kortet.</translation>
    </message>
    <message>
        <source>The PUK code has one try left and was not used. The PIN code is still blocked.</source>
        <translation>PUK-koden har ett försök kvar och användes inte. PIN-koden är fortfarande spärrad.</translation>
    </message>
    <message>
        <source>The support bundle could not be written. Choose a folder that exists and can be written, for example your Desktop.</source>
        <translation>Supportpaketet kunde inte sparas. Välj en mapp som finns och som går att skriva i, till exempel ditt skrivbord.</translation>
    </message>
    <message>
        <source>The issuing service&apos;s address is not secure (it must start with https://).</source>
        <translation>Utfärdartjänstens adress är inte säker (den måste börja med https://).</translation>
    </message>
    <message>
        <source>The connection to the issuing service failed.</source>
        <translation>Anslutningen till utfärdartjänsten misslyckades.</translation>
    </message>
    <message>
        <source>The issuing service could not be reached.</source>
        <translation>Det gick inte att nå utfärdartjänsten.</translation>
    </message>
    <message>
        <source>The issuing service did not answer in time.</source>
        <translation>Utfärdartjänsten svarade inte i tid.</translation>
    </message>
    <message>
        <source>The issuing service&apos;s identity could not be verified, so the connection was stopped.</source>
        <translation>Utfärdartjänstens identitet kunde inte bekräftas, så anslutningen stoppades.</translation>
    </message>
    <message>
        <source>The issuing service reported a fault.</source>
        <translation>Utfärdartjänsten rapporterade ett fel.</translation>
    </message>
    <message>
        <source>The issuing service sent an answer that is far too large.</source>
        <translation>Utfärdartjänsten skickade ett alldeles för stort svar.</translation>
    </message>
    <message>
        <source>The issuing service sent an answer of the wrong kind.</source>
        <translation>Utfärdartjänsten skickade ett svar av fel sort.</translation>
    </message>
    <message>
        <source>Fetching the new certificate failed.</source>
        <translation>Det gick inte att hämta det nya certifikatet.</translation>
    </message>
    <message>
        <source>The answer from the issuing service could not be used.</source>
        <translation>Svaret från utfärdartjänsten gick inte att använda.</translation>
    </message>
    <message>
        <source>The answer from the issuing service was damaged or unreadable.</source>
        <translation>Svaret från utfärdartjänsten var skadat eller oläsbart.</translation>
    </message>
    <message>
        <source>The issuing service answered something other than what was asked.</source>
        <translation>Utfärdartjänsten svarade på något annat än det som frågades.</translation>
    </message>
    <message>
        <source>The answer belonged to another request.</source>
        <translation>Svaret hörde till en annan begäran.</translation>
    </message>
    <message>
        <source>The answer did not match the request.</source>
        <translation>Svaret stämde inte med begäran.</translation>
    </message>
    <message>
        <source>The answer could not be proven to come from the SITHS issuing service, so it was not used.</source>
        <translation>Det gick inte att bekräfta att svaret kom från SITHS utfärdartjänst, så det användes inte.</translation>
    </message>
    <message>
        <source>The answer from the issuing service could not be checked with your one-time code. Check that the reference and the code are typed exactly as you were given them, and try again.</source>
        <translation>Svaret från utfärdartjänsten kunde inte kontrolleras med din engångskod. Kontrollera att referensen och koden är skrivna exakt som du fick dem och försök igen.</translation>
    </message>
    <message>
        <source>The answer from the issuing service does not fit this computer&apos;s date and time. The computer&apos;s clock is most likely wrong: check its date and time, then try again.</source>
        <translation>Svaret från utfärdartjänsten stämmer inte med datorns datum och tid. Datorns klocka går troligen fel: kontrollera datum och tid och försök sedan igen.</translation>
    </message>
    <message>
        <source>The reference and one-time code were not accepted. Check that they are typed exactly as you were given them. A code typed wrongly too many times stops working.</source>
        <translation>Referensen och engångskoden godtogs inte. Kontrollera att de är skrivna exakt som du fick dem. En kod som skrivs fel för många gånger slutar fungera.</translation>
    </message>
    <message>
        <source>This one-time code has been used already; it works only once. Ask for a new order.</source>
        <translation>Engångskoden har redan använts; den fungerar bara en gång. Be om en ny beställning.</translation>
    </message>
    <message>
        <source>A certificate made for this card will not be used, and the issuing service did not accept to withdraw it. The card works as before.</source>
        <translation>Ett certifikat som gjordes för kortet kommer inte att användas, och utfärdartjänsten godtog inte att det spärras. Kortet fungerar som förut.</translation>
    </message>
    <message>
        <source>No one-time code was given. Nothing was changed on the card.</source>
        <translation>Ingen engångskod angavs. Ingenting ändrades på kortet.</translation>
    </message>
    <message>
        <source>The one-time code is not taken on the command line, where others on this computer can read it: type it when asked, or give it on standard input with --code-stdin. Nothing was changed on the card.</source>
        <translation>Engångskoden tas inte emot på kommandoraden, där andra på datorn kan läsa den: skriv den när du blir tillfrågad, eller ge den på standard in med --code-stdin. Ingenting ändrades på kortet.</translation>
    </message>
    <message>
        <source>The card already holds an extra certificate pair, and a card can hold only one. Nothing was changed.</source>
        <translation>Kortet har redan ett extra certifikatspar, och ett kort kan bara ha ett. Ingenting ändrades.</translation>
    </message>
    <message>
        <source>The order is for the card&apos;s own HSA-ID; an extra certificate pair is for another organisation&apos;s. Nothing was changed.</source>
        <translation>Beställningen gäller kortets eget HSA-id; ett extra certifikatspar är för en annan organisations HSA-id. Ingenting ändrades.</translation>
    </message>
    <message>
        <source>The card already holds the certificates of this order. Nothing was changed.</source>
        <translation>Kortet har redan certifikaten från den här beställningen. Ingenting ändrades.</translation>
    </message>
    <message>
        <source>Extra certificates can be added only to an ordinary SITHS card. Nothing was changed.</source>
        <translation>Extra certifikat kan bara läggas till på ett vanligt SITHS-kort. Ingenting ändrades.</translation>
    </message>
    <message>
        <source>An upgrade of this card is not finished. Finish it first, then add the extra certificates.</source>
        <translation>En uppgradering av kortet är inte klar. Gör klart den först och lägg sedan till de extra certifikaten.</translation>
    </message>
    <message>
        <source>The order now names another HSA-ID than when the extra certificates were begun.</source>
        <translation>Beställningen anger nu ett annat HSA-id än när de extra certifikaten påbörjades.</translation>
    </message>
    <message>
        <source>A certificate on the card has already expired, so it cannot be renewed from here. Contact your card office. Nothing was changed on the card.</source>
        <translation>Ett certifikat på kortet har redan gått ut och kan därför inte förnyas härifrån. Kontakta ditt kortkontor. Ingenting ändrades på kortet.</translation>
    </message>
    <message>
        <source>In your organisation the card office renews certificates. Contact it before they expire. Nothing was changed on the card.</source>
        <translation>I din organisation är det kortkontoret som förnyar certifikaten. Kontakta det innan de går ut. Ingenting ändrades på kortet.</translation>
    </message>
    <message>
        <source>The card has certificates of the old kind. Upgrade it instead: that gives it new certificates. Nothing was changed on the card.</source>
        <translation>Kortet har certifikat av det gamla slaget. Uppgradera det i stället: då får det nya certifikat. Ingenting ändrades på kortet.</translation>
    </message>
    <message>
        <source>The certificates on this card cannot be renewed with this program. Contact your card office. Nothing was changed on the card.</source>
        <translation>Certifikaten på det här kortet kan inte förnyas med det här programmet. Kontakta ditt kortkontor. Ingenting ändrades på kortet.</translation>
    </message>
    <message>
        <source>The issuing service refused to issue new certificates.</source>
        <translation>Utfärdartjänsten vägrade utfärda nya certifikat.</translation>
    </message>
    <message>
        <source>The issuing service reported an error.</source>
        <translation>Utfärdartjänsten rapporterade ett fel.</translation>
    </message>
    <message>
        <source>The issuing service has not finished preparing the certificates.</source>
        <translation>Utfärdartjänsten har inte gjort klart certifikaten ännu.</translation>
    </message>
    <message>
        <source>The certificate that came back was not right for this card and was not installed.</source>
        <translation>Certifikatet som kom tillbaka passade inte det här kortet och installerades inte.</translation>
    </message>
    <message>
        <source>The certificate that came back was not for the new key on this card, so it was not installed.</source>
        <translation>Certifikatet som kom tillbaka gällde inte den nya nyckeln på kortet, så det installerades inte.</translation>
    </message>
    <message>
        <source>The certificate that came back was made out to another person, so it was not installed.</source>
        <translation>Certifikatet som kom tillbaka var utfärdat till en annan person, så det installerades inte.</translation>
    </message>
    <message>
        <source>The certificate that came back carries another HSA-ID, so it was not installed.</source>
        <translation>Certifikatet som kom tillbaka har ett annat HSA-id, så det installerades inte.</translation>
    </message>
    <message>
        <source>The certificate that came back is meant for another use, so it was not installed.</source>
        <translation>Certifikatet som kom tillbaka är avsett för en annan användning, så det installerades inte.</translation>
    </message>
    <message>
        <source>The certificate that came back is not a personal certificate, so it was not installed.</source>
        <translation>Certifikatet som kom tillbaka är inte ett personligt certifikat, så det installerades inte.</translation>
    </message>
    <message>
        <source>The certificate that came back is not valid today. Check the computer&apos;s date and time.</source>
        <translation>Certifikatet som kom tillbaka är inte giltigt i dag. Kontrollera datorns datum och tid.</translation>
    </message>
    <message>
        <source>The certificate that came back was not issued by a SITHS CA this computer trusts, so it was not installed.</source>
        <translation>Certifikatet som kom tillbaka var inte utfärdat av en SITHS-CA som datorn litar på, så det installerades inte.</translation>
    </message>
    <message>
        <source>Your card still has a complete, working set of certificates. It is safe to try again: the upgrade goes on where it stopped.</source>
        <translation>Ditt kort har fortfarande en hel, fungerande uppsättning certifikat. Det är säkert att försöka igen: uppgraderingen fortsätter där den stannade.</translation>
    </message>
    <message>
        <source>Do not try again before you have spoken with the people named below.</source>
        <translation>Försök inte igen förrän du har talat med dem som nämns nedan.</translation>
    </message>
    <message>
        <source>The card has certificates from the old SITHS hierarchy and must be upgraded.</source>
        <translation>Kortet har certifikat från den gamla SITHS-hierarkin och måste uppgraderas.</translation>
    </message>
    <message>
        <source>Cards ordered before 2020-02-11 must get new certificates to keep working in national health-care services. The upgrade replaces the certificates for logging in and signing with new ones from SITHS eID.</source>
        <translation>Kort som beställdes före 2020-02-11 måste få nya certifikat för att fortsätta fungera i de nationella tjänsterna för vård och omsorg. Uppgraderingen byter certifikaten för legitimering och underskrift mot nya från SITHS eID.</translation>
    </message>
    <message>
        <source>The card already has SITHS eID certificates. It does not need to be upgraded.</source>
        <translation>Kortet har redan SITHS eID-certifikat. Det behöver inte uppgraderas.</translation>
    </message>
    <message>
        <source>If you have trouble logging in, contact your local IT support.</source>
        <translation>Om du har problem att logga in, kontakta din lokala IT-support.</translation>
    </message>
    <message>
        <source>This is a spare card (reservkort). Spare cards are not upgraded.</source>
        <translation>Det här är ett reservkort. Reservkort uppgraderas inte.</translation>
    </message>
    <message>
        <source>If you need a new spare card, contact your local card office (biträdande utgivare).</source>
        <translation>Behöver du ett nytt reservkort, kontakta din lokala biträdande utgivare.</translation>
    </message>
    <message>
        <source>This card was issued by Telia or Skatteverket. It cannot be upgraded to SITHS eID.</source>
        <translation>Det här kortet är utfärdat av Telia eller Skatteverket. Det går inte att uppgradera till SITHS eID.</translation>
    </message>
    <message>
        <source>Order a SITHS card (eTjänstekort) from your local card office (biträdande utgivare).</source>
        <translation>Beställ ett SITHS-kort (eTjänstekort) hos din lokala biträdande utgivare.</translation>
    </message>
    <message>
        <source>The program does not recognise the certificates on this card, so it cannot upgrade it.</source>
        <translation>Programmet känner inte igen certifikaten på det här kortet och kan därför inte uppgradera det.</translation>
    </message>
    <message>
        <source>Contact your local IT support.</source>
        <translation>Kontakta din lokala IT-support.</translation>
    </message>
    <message>
        <source>Logging in (legitimering)</source>
        <translation>Legitimering</translation>
    </message>
    <message>
        <source>Signing (underskrift)</source>
        <translation>Underskrift</translation>
    </message>
    <message>
        <source>Encryption</source>
        <translation>Kryptering</translation>
    </message>
    <message>
        <source>Other use</source>
        <translation>Annan användning</translation>
    </message>
    <message>
        <source>Old SITHS (must be replaced)</source>
        <translation>Gamla SITHS (måste bytas)</translation>
    </message>
    <message>
        <source>SITHS eID</source>
        <translation>SITHS eID</translation>
    </message>
    <message>
        <source>Telia / Skatteverket</source>
        <translation>Telia / Skatteverket</translation>
    </message>
    <message>
        <source>Not SITHS</source>
        <translation>Inte SITHS</translation>
    </message>
    <message>
        <source>PIN for logging in (legitimering)</source>
        <translation>PIN för legitimering</translation>
    </message>
    <message>
        <source>PIN for signing (underskrift)</source>
        <translation>PIN för underskrift</translation>
    </message>
    <message>
        <source>PIN code</source>
        <translation>PIN-kod</translation>
    </message>
    <message>
        <source>The PIN code</source>
        <translation>PIN-koden</translation>
    </message>
    <message>
        <source>logging in (legitimering)</source>
        <translation>legitimering</translation>
    </message>
    <message>
        <source>signing (underskrift)</source>
        <translation>underskrift</translation>
    </message>
    <message>
        <source>encryption</source>
        <translation>kryptering</translation>
    </message>
    <message>
        <source>another use</source>
        <translation>annan användning</translation>
    </message>
    <message>
        <source>More than one try left</source>
        <translation>Mer än ett försök kvar</translation>
    </message>
    <message>
        <source>Blocked: unblock it with your PUK code</source>
        <translation>Spärrad: lås upp den med din PUK-kod</translation>
    </message>
    <message>
        <source>One try left</source>
        <translation>Ett försök kvar</translation>
    </message>
    <message>
        <source>{n} tries left</source>
        <translation>{n} försök kvar</translation>
    </message>
    <message>
        <source>No wrong tries</source>
        <translation>Inga felaktiga försök</translation>
    </message>
    <message>
        <source>A wrong PIN was entered before</source>
        <translation>En felaktig PIN-kod har angetts tidigare</translation>
    </message>
    <message>
        <source>The card does not tell how many tries are left</source>
        <translation>Kortet visar inte hur många försök som är kvar</translation>
    </message>
    <message>
        <source>The PUK code is blocked</source>
        <translation>PUK-koden är spärrad</translation>
    </message>
    <message>
        <source>A wrong PUK code was entered before</source>
        <translation>En felaktig PUK-kod har angetts tidigare</translation>
    </message>
    <message>
        <source>Wrong PIN code for {role}.</source>
        <translation>Fel PIN-kod för {role}.</translation>
    </message>
    <message>
        <source>Wrong PIN code.</source>
        <translation>Fel PIN-kod.</translation>
    </message>
    <message>
        <source>Wrong PUK code.</source>
        <translation>Fel PUK-kod.</translation>
    </message>
    <message>
        <source>expired {date}</source>
        <translation>gick ut {date}</translation>
    </message>
    <message>
        <source>to {date} ({days} days left)</source>
        <translation>till {date} ({days} dagar kvar)</translation>
    </message>
    <message>
        <source>Generating a new key pair on the card</source>
        <translation>Skapar ett nytt nyckelpar på kortet</translation>
    </message>
    <message>
        <source>Fetching the new certificate</source>
        <translation>Hämtar det nya certifikatet</translation>
    </message>
    <message>
        <source>Installing and testing the new certificate</source>
        <translation>Installerar och testar det nya certifikatet</translation>
    </message>
    <message>
        <source>Deleting the old certificate</source>
        <translation>Raderar det gamla certifikatet</translation>
    </message>
    <message>
        <source>Error code: {code}</source>
        <translation>Felkod: {code}</translation>
    </message>
</context>
<context>
    <name>UnblockDialog</name>
    <message>
        <source>Unblock the PIN code</source>
        <translation>Lås upp PIN-koden</translation>
    </message>
    <message>
        <source>{name} is blocked</source>
        <translation>{name} är spärrad</translation>
    </message>
    <message>
        <source>Unblock {name}</source>
        <translation>Lås upp {name}</translation>
    </message>
    <message>
        <source>You can unblock it with the PUK code from your code envelope and choose a new PIN code. The PUK code has {puk} digits, the PIN code {pin}.</source>
        <translation>Du kan låsa upp den med PUK-koden från ditt kodkuvert och välja en ny PIN-kod. PUK-koden har {puk} siffror, PIN-koden {pin}.</translation>
    </message>
    <message>
        <source>PUK code</source>
        <translation>PUK-kod</translation>
    </message>
    <message>
        <source>New PIN code</source>
        <translation>Ny PIN-kod</translation>
    </message>
    <message>
        <source>New PIN code again</source>
        <translation>Ny PIN-kod igen</translation>
    </message>
    <message>
        <source>&amp;PUK code:</source>
        <translation>&amp;PUK-kod:</translation>
    </message>
    <message>
        <source>&amp;New PIN code:</source>
        <translation>&amp;Ny PIN-kod:</translation>
    </message>
    <message>
        <source>New PIN code &amp;again:</source>
        <translation>Ny PIN-kod &amp;igen:</translation>
    </message>
    <message>
        <source>Problem with the PUK code</source>
        <translation>Problem med PUK-koden</translation>
    </message>
    <message>
        <source>PUK code: {tries}</source>
        <translation>PUK-kod: {tries}</translation>
    </message>
    <message>
        <source>The PUK code has one try left. If it is wrong, the PUK code is blocked as well and only your local card office can help. Type it only if you are sure of it.</source>
        <translation>PUK-koden har ett försök kvar. Om den är fel spärras även PUK-koden, och då kan bara ditt lokala kortkontor hjälpa dig. Skriv den bara om du är säker på den.</translation>
    </message>
    <message>
        <source>&amp;Unblock</source>
        <translation>&amp;Lås upp</translation>
    </message>
    <message>
        <source>&amp;Cancel</source>
        <translation>&amp;Avbryt</translation>
    </message>
    <message>
        <source>The two new PIN codes differ.</source>
        <translation>De två nya PIN-koderna är olika.</translation>
    </message>
</context>
<context>
    <name>Upgrade</name>
    <message>
        <source>Downloading the new certificates</source>
        <translation>Hämtar de nya certifikaten</translation>
    </message>
    <message>
        <source>Read this before the new certificates are downloaded to your card.</source>
        <translation>Läs det här innan de nya certifikaten laddas ned till ditt kort.</translation>
    </message>
    <message>
        <source>The card of {holder} ({hsa_id}) gets new certificates from SITHS eID. The {n} old certificates for logging in and signing are replaced: the new ones are installed and tested first, and only then are the old ones deleted.</source>
        <translation>Kortet som tillhör {holder} ({hsa_id}) får nya certifikat från SITHS eID. De {n} gamla certifikaten för legitimering och underskrift byts ut: de nya installeras och testas först, och först därefter raderas de gamla.</translation>
    </message>
    <message>
        <source>Encrypted e-mail: e-mail that was encrypted to your old certificates can no longer be read after the upgrade. Move what you need to keep to another safe place before you start.</source>
        <translation>Krypterad e-post: e-post som har krypterats till dina gamla certifikat går inte att läsa efter uppgraderingen. Flytta det du behöver spara till en annan säker lagringsplats innan du startar.</translation>
    </message>
    <message>
        <source>Do not pull the card out of the reader until the upgrade is finished. It takes about {seconds} seconds. If the card comes out anyway, the upgrade waits and goes on when you put the same card back.</source>
        <translation>Dra inte ut kortet ur kortläsaren förrän uppgraderingen är klar. Den tar cirka {seconds} sekunder. Om kortet ändå kommer ut väntar uppgraderingen och fortsätter när du sätter tillbaka samma kort.</translation>
    </message>
    <message>
        <source>The old certificates were replaced in 1 second. Your PIN codes are the same as before.</source>
        <translation>De gamla certifikaten byttes ut på 1 sekund. Dina PIN-koder är desamma som förut.</translation>
    </message>
    <message>
        <source>The old certificates were replaced in {s} seconds. Your PIN codes are the same as before.</source>
        <translation>De gamla certifikaten byttes ut på {s} sekunder. Dina PIN-koder är desamma som förut.</translation>
    </message>
    <message>
        <source>The old certificates were replaced in 1 second. {names}: use the new PIN code you chose when you unblocked it.</source>
        <translation>De gamla certifikaten byttes ut på 1 sekund. {names}: använd den nya PIN-koden du valde när du låste upp den.</translation>
    </message>
    <message>
        <source>The old certificates were replaced in {s} seconds. {names}: use the new PIN code you chose when you unblocked it.</source>
        <translation>De gamla certifikaten byttes ut på {s} sekunder. {names}: använd den nya PIN-koden du valde när du låste upp den.</translation>
    </message>
    <message>
        <source>Next: restart the programs that use the card (web browser, e-mail, the patient record system), so that they find the new certificates. You can take the card out now.</source>
        <translation>Nästa steg: starta om de program som använder kortet (webbläsare, e-post, journalsystem) så att de hittar de nya certifikaten. Du kan ta ut kortet nu.</translation>
    </message>
    <message>
        <source>Upgrade of the card of {holder} ({hsa_id})</source>
        <translation>Uppgradering av kortet för {holder} ({hsa_id})</translation>
    </message>
    <message>
        <source>- {n} certificates are replaced by new ones from SITHS eID.</source>
        <translation>- {n} certifikat byts ut mot nya från SITHS eID.</translation>
    </message>
    <message>
        <source>- E-mail encrypted to your old certificates can no longer be read afterwards: move what you need first.</source>
        <translation>- E-post som krypterats till dina gamla certifikat går inte att läsa efteråt: flytta det du behöver först.</translation>
    </message>
    <message>
        <source>The card is already upgraded</source>
        <translation>Kortet är redan uppgraderat</translation>
    </message>
    <message>
        <source>The card has SITHS eID certificates. Nothing needed to be done.</source>
        <translation>Kortet har SITHS eID-certifikat. Inget behövde göras.</translation>
    </message>
    <message>
        <source>If you have trouble logging in, contact your local IT support.</source>
        <translation>Om du har problem att logga in, kontakta din lokala IT-support.</translation>
    </message>
    <message>
        <source>The card is already upgraded: nothing to do.</source>
        <translation>Kortet är redan uppgraderat: inget att göra.</translation>
    </message>
    <message>
        <source>Afterwards the card holds two certificates with your HSA-id: one for logging in, one for signing.</source>
        <translation>Efteråt har kortet två certifikat med ditt HSA-id: ett för legitimering och ett för underskrift.</translation>
    </message>
    <message>
        <source>Afterwards the card holds four certificates: a pair with your HSA-id and a pair with your personal identity number (personnummer), each pair one for logging in and one for signing.</source>
        <translation>Efteråt har kortet fyra certifikat: ett par med ditt HSA-id och ett par med ditt personnummer, i varje par ett för legitimering och ett för underskrift.</translation>
    </message>
    <message>
        <source>Afterwards the card holds one certificate, for logging in. It has none for signing: if your work needs one, it can be fetched later.</source>
        <translation>Efteråt har kortet ett certifikat, för legitimering. Det har inget för underskrift: behöver du ett i ditt arbete kan det hämtas senare.</translation>
    </message>
    <message>
        <source>Afterwards the card holds {n} certificates.</source>
        <translation>Efteråt har kortet {n} certifikat.</translation>
    </message>
    <message>
        <source>When a program asks which certificate to use: pick the one with your HSA-id ({hsa_id}), issued by “SITHS e-id Person HSA-id 3 CA v1”. Only where the program asks for your personal identity number, pick the one with your personnummer, issued by “SITHS e-id Person ID 3 CA v1”.</source>
        <translation>När ett program frågar vilket certifikat du vill använda: välj det med ditt HSA-id ({hsa_id}), utfärdat av ”SITHS e-id Person HSA-id 3 CA v1”. Bara där programmet frågar efter ditt personnummer väljer du det med ditt personnummer, utfärdat av ”SITHS e-id Person ID 3 CA v1”.</translation>
    </message>
</context>
<context>
    <name>UpgradeWizard</name>
    <message>
        <source>SITHS card upgrade</source>
        <translation>Uppgradering av SITHS-kort</translation>
    </message>
    <message>
        <source>practice mode</source>
        <translation>övningsläge</translation>
    </message>
    <message>
        <source>For &amp;IT support…</source>
        <translation>För &amp;IT-support…</translation>
    </message>
    <message>
        <source>&amp;Try again</source>
        <translation>&amp;Försök igen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Avbryt</translation>
    </message>
    <message>
        <source>&amp;Close</source>
        <translation>&amp;Stäng</translation>
    </message>
    <message>
        <source>Information for IT support</source>
        <translation>Information för IT-support</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Stäng</translation>
    </message>
    <message>
        <source>The PIN code was changed.</source>
        <translation>PIN-koden är bytt.</translation>
    </message>
    <message>
        <source>The PIN code is unblocked and has the new value.</source>
        <translation>PIN-koden är upplåst och har det nya värdet.</translation>
    </message>
    <message>
        <source>The upgrade is working on your card</source>
        <translation>Uppgraderingen arbetar med ditt kort</translation>
    </message>
    <message>
        <source>The program cannot be closed while it writes to your card: the card would be left half upgraded until you start it again. Wait until it is finished; it takes about a minute and a half.</source>
        <translation>Programmet kan inte stängas medan det skriver till ditt kort: kortet skulle då vara halvvägs uppgraderat tills du startar programmet igen. Vänta tills det är klart; det tar ungefär en och en halv minut.</translation>
    </message>
    <message>
        <source>If the card is out of the reader, put it back, or press “Stop the upgrade”.</source>
        <translation>Om kortet är utdraget, sätt tillbaka det eller tryck på ”Avbryt uppgraderingen”.</translation>
    </message>
</context>
</TS>
