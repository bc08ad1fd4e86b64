<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de_DE">
<context>
    <name>AnnotatePage</name>
    <message>
        <source>Annotate</source>
        <translation>Annotieren</translation>
    </message>
    <message>
        <source>Example-by-example review: read each prompt and response, label, correct, accept or reject it, rank answer pairs, with undo. Press ? for the keys.</source>
        <translation>Beispiel für Beispiel prüfen: jeden Prompt und jede Antwort lesen, labeln, korrigieren, annehmen oder ablehnen, Antwortpaare bewerten – mit Rückgängig. ? zeigt die Tasten.</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>Beispiele</translation>
    </message>
    <message>
        <source>Annotations</source>
        <translation>Annotationen</translation>
    </message>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Annotators</source>
        <translation>Annotatoren</translation>
    </message>
</context>
<context>
    <name>AnnotationSession</name>
    <message>
        <source>Enter your name as annotator first.</source>
        <translation>Geben Sie zuerst Ihren Namen als Annotator ein.</translation>
    </message>
    <message>
        <source>The queue is empty.</source>
        <translation>Die Warteschlange ist leer.</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Accept</source>
        <translation>Annehmen</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Überspringen</translation>
    </message>
    <message>
        <source>Comment</source>
        <translation>Kommentar</translation>
    </message>
    <message>
        <source>Set flag</source>
        <translation>Markierung setzen</translation>
    </message>
    <message>
        <source>Clear flag</source>
        <translation>Markierung entfernen</translation>
    </message>
    <message>
        <source>Pick the better answer</source>
        <translation>Die bessere Antwort wählen</translation>
    </message>
    <message>
        <source>Conflict resolved by review</source>
        <translation>Konflikt durch Prüfung gelöst</translation>
    </message>
    <message>
        <source>Resolve conflict</source>
        <translation>Konflikt lösen</translation>
    </message>
    <message>
        <source>Generate candidates</source>
        <translation>Kandidaten generieren</translation>
    </message>
    <message>
        <source>Merge label %1 into %2</source>
        <translation>Label %1 in %2 zusammenführen</translation>
    </message>
</context>
<context>
    <name>AnnotationView</name>
    <message>
        <source>1 … 9</source>
        <translation>1 … 9</translation>
    </message>
    <message>
        <source>Set label 1–9 (in the conflict queue: resolve with that label)</source>
        <translation>Label 1–9 setzen (in der Konflikt-Warteschlange: mit diesem Label lösen)</translation>
    </message>
    <message>
        <source>1 / 2</source>
        <translation>1 / 2</translation>
    </message>
    <message>
        <source>Preference pair: the left / right answer is better</source>
        <translation>Präferenzpaar: die linke / rechte Antwort ist besser</translation>
    </message>
    <message>
        <source>A</source>
        <translation>A</translation>
    </message>
    <message>
        <source>Accept the output</source>
        <translation>Die Ausgabe annehmen</translation>
    </message>
    <message>
        <source>R</source>
        <translation>R</translation>
    </message>
    <message>
        <source>Reject the example</source>
        <translation>Das Beispiel ablehnen</translation>
    </message>
    <message>
        <source>S</source>
        <translation>S</translation>
    </message>
    <message>
        <source>Skip (decide later)</source>
        <translation>Überspringen (später entscheiden)</translation>
    </message>
    <message>
        <source>E</source>
        <translation>E</translation>
    </message>
    <message>
        <source>Flag as edge case (again to clear)</source>
        <translation>Als Grenzfall markieren (erneut: entfernen)</translation>
    </message>
    <message>
        <source>G</source>
        <translation>G</translation>
    </message>
    <message>
        <source>Flag as general capability (again to clear)</source>
        <translation>Als allgemeine Fähigkeit markieren (erneut: entfernen)</translation>
    </message>
    <message>
        <source>C</source>
        <translation>C</translation>
    </message>
    <message>
        <source>Comment (Enter saves, Esc cancels)</source>
        <translation>Kommentar (Enter speichert, Esc bricht ab)</translation>
    </message>
    <message>
        <source>Enter / F2</source>
        <translation>Enter / F2</translation>
    </message>
    <message>
        <source>Edit the output (Esc leaves the editor)</source>
        <translation>Die Ausgabe bearbeiten (Esc verlässt den Editor)</translation>
    </message>
    <message>
        <source>Ctrl+Enter</source>
        <translation>Strg+Enter</translation>
    </message>
    <message>
        <source>In a candidate editor: pick this (edited) answer</source>
        <translation>In einem Kandidaten-Editor: diese (bearbeitete) Antwort wählen</translation>
    </message>
    <message>
        <source>J / Alt+Right</source>
        <translation>J / Alt+Rechts</translation>
    </message>
    <message>
        <source>Next example</source>
        <translation>Nächstes Beispiel</translation>
    </message>
    <message>
        <source>K / Alt+Left</source>
        <translation>K / Alt+Links</translation>
    </message>
    <message>
        <source>Previous example</source>
        <translation>Vorheriges Beispiel</translation>
    </message>
    <message>
        <source>Ctrl+Z</source>
        <translation>Strg+Z</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Ctrl+Shift+Z / Ctrl+Y</source>
        <translation>Strg+Umschalt+Z / Strg+Y</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>N</source>
        <translation>N</translation>
    </message>
    <message>
        <source>Your name (annotator)</source>
        <translation>Ihr Name (Annotator)</translation>
    </message>
    <message>
        <source>L</source>
        <translation>L</translation>
    </message>
    <message>
        <source>Q</source>
        <translation>Q</translation>
    </message>
    <message>
        <source>Choose the queue (all, unlabeled, flagged, conflicting)</source>
        <translation>Die Warteschlange wählen (alle, ungelabelt, markiert, widersprüchlich)</translation>
    </message>
    <message>
        <source>V</source>
        <translation>V</translation>
    </message>
    <message>
        <source>Create a dataset version from the annotations</source>
        <translation>Aus den Annotationen eine Datensatzversion erstellen</translation>
    </message>
    <message>
        <source>? / F1</source>
        <translation>? / F1</translation>
    </message>
    <message>
        <source>Show or hide this help</source>
        <translation>Diese Hilfe ein- oder ausblenden</translation>
    </message>
    <message>
        <source>Annotator:</source>
        <translation>Annotator:</translation>
    </message>
    <message>
        <source>Your name</source>
        <translation>Ihr Name</translation>
    </message>
    <message>
        <source>All examples</source>
        <translation>Alle Beispiele</translation>
    </message>
    <message>
        <source>Unlabeled</source>
        <translation>Ungelabelt</translation>
    </message>
    <message>
        <source>Flagged</source>
        <translation>Markiert</translation>
    </message>
    <message>
        <source>Conflicting (review)</source>
        <translation>Widersprüchlich (Prüfung)</translation>
    </message>
    <message>
        <source>Any split</source>
        <translation>Jeder Split</translation>
    </message>
    <message>
        <source>%v of %m done</source>
        <translation>%v von %m erledigt</translation>
    </message>
    <message>
        <source>&lt;b&gt;Expected output&lt;/b&gt; (Enter to edit)</source>
        <translation>&lt;b&gt;Erwartete Ausgabe&lt;/b&gt; (Enter zum Bearbeiten)</translation>
    </message>
    <message>
        <source>&lt;b&gt;1 · Left answer&lt;/b&gt;</source>
        <translation>&lt;b&gt;1 · Linke Antwort&lt;/b&gt;</translation>
    </message>
    <message>
        <source>&lt;b&gt;2 · Right answer&lt;/b&gt;</source>
        <translation>&lt;b&gt;2 · Rechte Antwort&lt;/b&gt;</translation>
    </message>
    <message>
        <source>Labels:</source>
        <translation>Labels:</translation>
    </message>
    <message>
        <source>K · Previous</source>
        <translation>K · Zurück</translation>
    </message>
    <message>
        <source>A · Accept</source>
        <translation>A · Annehmen</translation>
    </message>
    <message>
        <source>R · Reject</source>
        <translation>R · Ablehnen</translation>
    </message>
    <message>
        <source>S · Skip</source>
        <translation>S · Überspringen</translation>
    </message>
    <message>
        <source>E · Edge case</source>
        <translation>E · Grenzfall</translation>
    </message>
    <message>
        <source>G · General</source>
        <translation>G · Allgemein</translation>
    </message>
    <message>
        <source>C · Comment</source>
        <translation>C · Kommentar</translation>
    </message>
    <message>
        <source>J · Next</source>
        <translation>J · Weiter</translation>
    </message>
    <message>
        <source>V · Create version from annotations</source>
        <translation>V · Version aus Annotationen erstellen</translation>
    </message>
    <message>
        <source>? · Shortcuts</source>
        <translation>? · Tastenkürzel</translation>
    </message>
    <message>
        <source>Comment on this example — Enter saves, Esc cancels</source>
        <translation>Kommentar zu diesem Beispiel – Enter speichert, Esc bricht ab</translation>
    </message>
    <message>
        <source>All examples of the project</source>
        <translation>Alle Beispiele des Projekts</translation>
    </message>
    <message>
        <source>%1 · v%2 (%3)</source>
        <translation>%1 · v%2 (%3)</translation>
    </message>
    <message>
        <source>No examples in this queue</source>
        <translation>Keine Beispiele in dieser Warteschlange</translation>
    </message>
    <message>
        <source>Example %1 of %2</source>
        <translation>Beispiel %1 von %2</translation>
    </message>
    <message>
        <source>  ✓ picked</source>
        <translation>  ✓ gewählt</translation>
    </message>
    <message>
        <source>Example #%1 (%2)</source>
        <translation>Beispiel #%1 (%2)</translation>
    </message>
    <message>
        <source>Verdict: &lt;b&gt;%1&lt;/b&gt;</source>
        <translation>Urteil: &lt;b&gt;%1&lt;/b&gt;</translation>
    </message>
    <message>
        <source>output edited</source>
        <translation>Ausgabe bearbeitet</translation>
    </message>
    <message>
        <source>⚑ edge case</source>
        <translation>⚑ Grenzfall</translation>
    </message>
    <message>
        <source>⚑ general capability</source>
        <translation>⚑ allgemeine Fähigkeit</translation>
    </message>
    <message>
        <source>Comment: %1</source>
        <translation>Kommentar: %1</translation>
    </message>
    <message>
        <source>Other annotators: %1</source>
        <translation>Andere Annotatoren: %1</translation>
    </message>
    <message>
        <source>%1 of %2 done</source>
        <translation>%1 von %2 erledigt</translation>
    </message>
    <message>
        <source>Agreement: needs two annotators on the same examples (%1 annotator(s) so far)</source>
        <translation>Übereinstimmung: braucht zwei Annotatoren auf denselben Beispielen (bisher %1 Annotator(en))</translation>
    </message>
    <message>
        <source>Cohen&apos;s κ</source>
        <translation>Cohens κ</translation>
    </message>
    <message>
        <source>Fleiss&apos; κ</source>
        <translation>Fleiss’ κ</translation>
    </message>
    <message>
        <source>%1 over %2 examples, %3 annotators: %4 (per label: %5)</source>
        <translation>%1 über %2 Beispiele, %3 Annotatoren: %4 (je Label: %5)</translation>
    </message>
    <message>
        <source>There is no label %1 yet (L adds one).</source>
        <translation>Es gibt noch kein Label %1 (L fügt eines hinzu).</translation>
    </message>
    <message>
        <source>Choose a dataset version first: the new version derives from it.</source>
        <translation>Wählen Sie zuerst eine Datensatzversion: die neue Version leitet sich von ihr ab.</translation>
    </message>
    <message>
        <source>New version created: %1 kept, %2 corrected, %3 rejected left out.</source>
        <translation>Neue Version erstellt: %1 behalten, %2 korrigiert, %3 abgelehnte weggelassen.</translation>
    </message>
    <message>
        <source>Typing in a candidate</source>
        <translation>Tippen in einem Kandidaten</translation>
    </message>
    <message>
        <source>Edits it, saved as you type; the edited answer is the chosen one unless the other is already picked</source>
        <translation>Bearbeitet ihn, beim Tippen gespeichert; die bearbeitete Antwort ist die gewählte, außer die andere ist bereits gewählt</translation>
    </message>
    <message>
        <source>M</source>
        <translation>M</translation>
    </message>
    <message>
        <source>Generate two candidate answers with the project&apos;s model</source>
        <translation>Zwei Kandidatenantworten mit dem Modell des Projekts generieren</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message>
        <source>While generating: cancel (nothing is stored)</source>
        <translation>Während der Generierung: abbrechen (nichts wird gespeichert)</translation>
    </message>
    <message>
        <source>Labels: add (Ctrl+N), rename (F2), merge (Ctrl+M); undoable</source>
        <translation>Labels: hinzufügen (Strg+N), umbenennen (F2), zusammenführen (Strg+M); rückgängig machbar</translation>
    </message>
    <message>
        <source>L · Labels…</source>
        <translation>L · Labels …</translation>
    </message>
    <message>
        <source>M · Generate candidates</source>
        <translation>M · Kandidaten generieren</translation>
    </message>
    <message>
        <source>Cancel (Esc)</source>
        <translation>Abbrechen (Esc)</translation>
    </message>
    <message>
        <source>%1 of %2 answers</source>
        <translation>%1 von %2 Antworten</translation>
    </message>
    <message>
        <source>Generation cancelled; nothing was stored.</source>
        <translation>Generierung abgebrochen; nichts wurde gespeichert.</translation>
    </message>
    <message>
        <source>Generating candidates failed: %1</source>
        <translation>Generieren der Kandidaten fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>answers generated by %1</source>
        <translation>Antworten generiert von %1</translation>
    </message>
    <message>
        <source>your earlier pick was on other answers</source>
        <translation>Ihre frühere Wahl galt anderen Antworten</translation>
    </message>
    <message>
        <source>Still generating candidates: wait, or press Esc to cancel.</source>
        <translation>Kandidaten werden noch generiert: warten Sie, oder brechen Sie mit Esc ab.</translation>
    </message>
    <message>
        <source>Enter your name as annotator first.</source>
        <translation>Geben Sie zuerst Ihren Namen als Annotator ein.</translation>
    </message>
    <message>
        <source>The queue is empty.</source>
        <translation>Die Warteschlange ist leer.</translation>
    </message>
    <message>
        <source>Cannot generate candidates: %1</source>
        <translation>Kandidaten können nicht generiert werden: %1</translation>
    </message>
    <message>
        <source>Generating two answers to example #%1 with %2…</source>
        <translation>Zwei Antworten auf Beispiel #%1 werden mit %2 generiert …</translation>
    </message>
    <message>
        <source>Two answers from %1 (%2 s): 1 or 2 picks the better one.</source>
        <translation>Zwei Antworten von %1 (%2 s): 1 oder 2 wählt die bessere.</translation>
    </message>
    <message>
        <source>The answers for example #%1 are ready (K/J to go back to it).</source>
        <translation>Die Antworten für Beispiel #%1 sind fertig (K/J führt zurück).</translation>
    </message>
    <message>
        <source>Cancelling…</source>
        <translation>Wird abgebrochen …</translation>
    </message>
    <message>
        <source>D / P / T</source>
        <translation>D / P / T</translation>
    </message>
    <message>
        <source>Choose the dataset version / split / tag of the queue</source>
        <translation>Datensatzversion / Split / Tag der Warteschlange wählen</translation>
    </message>
    <message>
        <source>Any tag</source>
        <translation>Jedes Tag</translation>
    </message>
    <message>
        <source>Dataset label: %1</source>
        <translation>Label im Datensatz: %1</translation>
    </message>
    <message>
        <source>Dataset label: %1 (was %2)</source>
        <translation>Label im Datensatz: %1 (war %2)</translation>
    </message>
</context>
<context>
    <name>BackgroundTask</name>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Working</source>
        <translation>In Arbeit</translation>
    </message>
</context>
<context>
    <name>ColumnMapping</name>
    <message>
        <source>choose the field that holds the %1</source>
        <translation>das Feld wählen, das %1 enthält</translation>
    </message>
    <message>
        <source>the record format is unknown: choose one and map its fields</source>
        <translation>das Datensatzformat ist unbekannt: eines wählen und seine Felder zuordnen</translation>
    </message>
    <message>
        <source>no field is mapped</source>
        <translation>kein Feld ist zugeordnet</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is missing</source>
        <translation>Feld „%1“ fehlt</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is not text</source>
        <translation>Feld „%1“ ist kein Text</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is %2 characters, over the limit of %3</source>
        <translation>Feld „%1“ hat %2 Zeichen, über der Grenze von %3</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; does not hold a JSON object</source>
        <translation>Feld „%1“ enthält kein JSON-Objekt</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is not an object</source>
        <translation>Feld „%1“ ist kein Objekt</translation>
    </message>
    <message>
        <source>field &apos;%1.%2&apos; is not true or false</source>
        <translation>Feld „%1.%2“ ist weder true noch false</translation>
    </message>
    <message>
        <source>field &apos;%1.tags&apos; is not a list</source>
        <translation>Feld „%1.tags“ ist keine Liste</translation>
    </message>
    <message>
        <source>field &apos;%1.tags&apos; item %2 is not text</source>
        <translation>Feld „%1.tags“, Eintrag %2 ist kein Text</translation>
    </message>
    <message>
        <source>field &apos;%1.tags&apos; item %2 is over 200 characters</source>
        <translation>Feld „%1.tags“, Eintrag %2 ist länger als 200 Zeichen</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is not a list</source>
        <translation>Feld „%1“ ist keine Liste</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is empty</source>
        <translation>Feld „%1“ ist leer</translation>
    </message>
    <message>
        <source>field &apos;%1&apos;, message %2 needs text &apos;%3&apos; and &apos;%4&apos;</source>
        <translation>Feld „%1“, Nachricht %2 braucht Text in „%3“ und „%4“</translation>
    </message>
    <message>
        <source>the conversation has no assistant message to learn from</source>
        <translation>die Unterhaltung hat keine Assistenten-Nachricht, aus der gelernt werden kann</translation>
    </message>
</context>
<context>
    <name>ComparePanel</name>
    <message>
        <source>Suite</source>
        <translation>Suite</translation>
    </message>
    <message>
        <source>The evaluation suite whose latest completed results are compared</source>
        <translation>Die Auswertungs-Suite, deren letzte abgeschlossene Ergebnisse verglichen werden</translation>
    </message>
    <message>
        <source>Compare (two or more)</source>
        <translation>Vergleichen (zwei oder mehr)</translation>
    </message>
    <message>
        <source>The first checked entry is the reference: deltas and regressions are measured against it (base model first, then versions oldest to newest).</source>
        <translation>Der erste ausgewählte Eintrag ist die Referenz: Differenzen und Rückschritte werden gegen ihn gemessen (zuerst das Basismodell, dann die Versionen von der ältesten zur neuesten).</translation>
    </message>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Value, and in brackets the change against the first column: green is better, red is worse (lower is better for perplexity and lengths). A red cell failed its threshold.</source>
        <translation>Wert und in Klammern die Änderung gegenüber der ersten Spalte: grün ist besser, rot ist schlechter (bei Perplexität und Längen ist niedriger besser). Eine rote Zelle hat ihre Schwelle verfehlt.</translation>
    </message>
    <message>
        <source>&amp;Regressions only</source>
        <translation>Nur &amp;Rückschritte</translation>
    </message>
    <message>
        <source>Examples the first column got right and a later one got wrong</source>
        <translation>Beispiele, die die erste Spalte richtig und eine spätere falsch beantwortet hat</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Tag</source>
        <translation>Tag</translation>
    </message>
    <message>
        <source>base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>Cannot compare: %1</source>
        <translation>Vergleich nicht möglich: %1</translation>
    </message>
    <message>
        <source>Not evaluated on this suite yet (use Evaluate on the Versions tab): %1</source>
        <translation>Noch nicht auf dieser Suite ausgewertet (Auswerten auf dem Reiter Versionen): %1</translation>
    </message>
    <message>
        <source>Check two or more entries to compare them.</source>
        <translation>Wählen Sie zwei oder mehr Einträge aus, um sie zu vergleichen.</translation>
    </message>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwelle</translation>
    </message>
    <message>
        <source>higher is better</source>
        <translation>höher ist besser</translation>
    </message>
    <message>
        <source>lower is better</source>
        <translation>niedriger ist besser</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>not measured</source>
        <translation>nicht gemessen</translation>
    </message>
    <message>
        <source>meets %1</source>
        <translation>erfüllt %1</translation>
    </message>
    <message>
        <source>fails %1</source>
        <translation>verfehlt %1</translation>
    </message>
    <message>
        <source>Verdict</source>
        <translation>Urteil</translation>
    </message>
    <message>
        <source>GO</source>
        <translation>GO</translation>
    </message>
    <message>
        <source>NO-GO</source>
        <translation>NO-GO</translation>
    </message>
    <message>
        <source>NO-GO: %1</source>
        <translation>NO-GO: %1</translation>
    </message>
    <message>
        <source>pending</source>
        <translation>ausstehend</translation>
    </message>
    <message>
        <source>%1 loss</source>
        <translation>%1 Verlust</translation>
    </message>
    <message>
        <source>%1 eval loss</source>
        <translation>%1 Auswertungsverlust</translation>
    </message>
    <message>
        <source>All</source>
        <translation>Alle</translation>
    </message>
    <message>
        <source>%1 of %2 examples shown · %3 regressions</source>
        <translation>%1 von %2 Beispielen angezeigt · %3 Rückschritte</translation>
    </message>
    <message>
        <source>Judged by %1</source>
        <translation>Beurteilt nach %1</translation>
    </message>
</context>
<context>
    <name>Curation</name>
    <message>
        <source>the output is empty</source>
        <translation>die Ausgabe ist leer</translation>
    </message>
    <message>
        <source>%1 tokens, over the maximum sequence length of %2</source>
        <translation>%1 Tokens, über der maximalen Sequenzlänge von %2</translation>
    </message>
    <message>
        <source>the output is not JSON: %1 at character %2</source>
        <translation>die Ausgabe ist kein JSON: %1 bei Zeichen %2</translation>
    </message>
    <message>
        <source>the same text is labelled %1</source>
        <translation>derselbe Text ist mit %1 gelabelt</translation>
    </message>
    <message>
        <source>same as the example at position %1</source>
        <translation>gleich dem Beispiel an Position %1</translation>
    </message>
    <message>
        <source>near duplicate of the example at position %1</source>
        <translation>Beinahe-Duplikat des Beispiels an Position %1</translation>
    </message>
</context>
<context>
    <name>CurationDialog</name>
    <message>
        <source>Find duplicates</source>
        <translation>Duplikate finden</translation>
    </message>
    <message>
        <source>Quality filters</source>
        <translation>Qualitätsfilter</translation>
    </message>
    <message>
        <source>Exact duplicates (same normalized input and output)</source>
        <translation>Exakte Duplikate (gleiche normalisierte Eingabe und Ausgabe)</translation>
    </message>
    <message>
        <source>Near duplicates (MinHash)</source>
        <translation>Beinahe-Duplikate (MinHash)</translation>
    </message>
    <message>
        <source> words</source>
        <translation> Wörter</translation>
    </message>
    <message>
        <source>Shingle size</source>
        <translation>Shingle-Größe</translation>
    </message>
    <message>
        <source>Similarity threshold (Jaccard)</source>
        <translation>Ähnlichkeitsschwelle (Jaccard)</translation>
    </message>
    <message>
        <source>Empty outputs</source>
        <translation>Leere Ausgaben</translation>
    </message>
    <message>
        <source>off</source>
        <translation>aus</translation>
    </message>
    <message>
        <source>Output must be valid JSON</source>
        <translation>Ausgabe muss gültiges JSON sein</translation>
    </message>
    <message>
        <source>Conflicting labels (same input, different labels)</source>
        <translation>Widersprüchliche Labels (gleiche Eingabe, verschiedene Labels)</translation>
    </message>
    <message>
        <source>Too long: more tokens than</source>
        <translation>Zu lang: mehr Tokens als</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Nothing checked yet.</source>
        <translation>Noch nichts geprüft.</translation>
    </message>
    <message>
        <source>Cluster / example</source>
        <translation>Cluster / Beispiel</translation>
    </message>
    <message>
        <source>Decision</source>
        <translation>Entscheidung</translation>
    </message>
    <message>
        <source>Example</source>
        <translation>Beispiel</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Apply as new version</source>
        <translation>Als neue Version übernehmen</translation>
    </message>
    <message>
        <source>keep one</source>
        <translation>eines behalten</translation>
    </message>
    <message>
        <source>keep all</source>
        <translation>alle behalten</translation>
    </message>
    <message>
        <source>Examining the examples…</source>
        <translation>Die Beispiele werden untersucht …</translation>
    </message>
    <message>
        <source>Could not examine the dataset version.

%1</source>
        <translation>Die Datensatzversion konnte nicht untersucht werden.

%1</translation>
    </message>
    <message>
        <source>%1 examples examined; %2 would be removed, %3 kept.</source>
        <translation>%1 Beispiele untersucht; %2 würden entfernt, %3 behalten.</translation>
    </message>
    <message>
        <source>%1 near-duplicate clusters. Checked clusters keep their first example; uncheck a cluster to keep all of it.</source>
        <translation>%1 Cluster von Beinahe-Duplikaten. Ausgewählte Cluster behalten ihr erstes Beispiel; heben Sie die Auswahl auf, um den ganzen Cluster zu behalten.</translation>
    </message>
    <message>
        <source>Cluster %1 (%2 examples)</source>
        <translation>Cluster %1 (%2 Beispiele)</translation>
    </message>
    <message>
        <source>kept</source>
        <translation>behalten</translation>
    </message>
    <message>
        <source>Exact duplicates (%1)</source>
        <translation>Exakte Duplikate (%1)</translation>
    </message>
    <message>
        <source>Writing the new version…</source>
        <translation>Die neue Version wird geschrieben …</translation>
    </message>
    <message>
        <source>Could not write the new version.

%1</source>
        <translation>Die neue Version konnte nicht geschrieben werden.

%1</translation>
    </message>
    <message>
        <source>Examples longer than this in the model&apos;s tokens (the sequence training makes of them) are removed; examples not counted yet are kept.</source>
        <translation>Beispiele, die in Tokens des Modells länger sind (die Sequenz, die das Training daraus macht), werden entfernt; noch nicht gezählte Beispiele bleiben erhalten.</translation>
    </message>
</context>
<context>
    <name>DatasetTableModel</name>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Split</source>
        <translation>Split</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Length in the model&apos;s tokens: the sequence training makes of the example, chat template included (empty until counted)</source>
        <translation>Länge in Tokens des Modells: die Sequenz, die das Training aus dem Beispiel macht, samt Chat-Vorlage (leer, bis gezählt)</translation>
    </message>
</context>
<context>
    <name>DatasetsPage</name>
    <message>
        <source>v%1 · %2 · %3 examples · %4</source>
        <translation>v%1 · %2 · %3 Beispiele · %4</translation>
    </message>
    <message>
        <source> · frozen</source>
        <translation> · eingefroren</translation>
    </message>
    <message>
        <source>Skipped records</source>
        <translation>Übersprungene Datensätze</translation>
    </message>
    <message>
        <source>%1 examples were imported from %2; %3 records were skipped:</source>
        <translation>%1 Beispiele wurden aus %2 importiert; %3 Datensätze wurden übersprungen:</translation>
    </message>
    <message>
        <source>line %1: %2</source>
        <translation>Zeile %1: %2</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
    <message>
        <source>Datasets</source>
        <translation>Datensätze</translation>
    </message>
    <message>
        <source>The data this project learns from: import instruction and chat datasets, browse and search their examples, remove duplicates and bad records, and hold out the eval split. Every change makes a new version.</source>
        <translation>Die Daten, aus denen dieses Projekt lernt: Instruktions- und Chat-Datensätze importieren, ihre Beispiele durchsuchen, Duplikate und fehlerhafte Datensätze entfernen und den Auswertungs-Split zurückhalten. Jede Änderung erzeugt eine neue Version.</translation>
    </message>
    <message>
        <source>Dataset versions</source>
        <translation>Datensatzversionen</translation>
    </message>
    <message>
        <source>Examples</source>
        <translation>Beispiele</translation>
    </message>
    <message>
        <source>Dataset</source>
        <translation>Datensatz</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importieren …</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <source>Find duplicates…</source>
        <translation>Duplikate finden …</translation>
    </message>
    <message>
        <source>Quality filters…</source>
        <translation>Qualitätsfilter …</translation>
    </message>
    <message>
        <source>Make eval split…</source>
        <translation>Auswertungs-Split bilden …</translation>
    </message>
    <message>
        <source>Search input and output…</source>
        <translation>Eingabe und Ausgabe durchsuchen …</translation>
    </message>
    <message>
        <source>All splits</source>
        <translation>Alle Splits</translation>
    </message>
    <message>
        <source>All tags</source>
        <translation>Alle Tags</translation>
    </message>
    <message>
        <source>All labels</source>
        <translation>Alle Labels</translation>
    </message>
    <message>
        <source>Any flag</source>
        <translation>Jede Markierung</translation>
    </message>
    <message>
        <source>Edge cases</source>
        <translation>Grenzfälle</translation>
    </message>
    <message>
        <source>General capability</source>
        <translation>Allgemeine Fähigkeit</translation>
    </message>
    <message>
        <source>Needs review</source>
        <translation>Zu prüfen</translation>
    </message>
    <message>
        <source>Statistics</source>
        <translation>Statistik</translation>
    </message>
    <message>
        <source>Import dataset</source>
        <translation>Datensatz importieren</translation>
    </message>
    <message>
        <source>Datasets (*.jsonl *.ndjson *.json *.csv);;All files (*)</source>
        <translation>Datensätze (*.jsonl *.ndjson *.json *.csv);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Export dataset version</source>
        <translation>Datensatzversion exportieren</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl);;CSV (*.csv)</source>
        <translation>JSON Lines (*.jsonl);;CSV (*.csv)</translation>
    </message>
    <message>
        <source>Could not clean up an interrupted import</source>
        <translation>Ein unterbrochener Import konnte nicht bereinigt werden</translation>
    </message>
    <message>
        <source>%1 matching examples</source>
        <translation>%1 passende Beispiele</translation>
    </message>
    <message>
        <source>Search failed: %1</source>
        <translation>Suche fehlgeschlagen: %1</translation>
    </message>
    <message>
        <source>Could not read the datasets</source>
        <translation>Die Datensätze konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>Could not read the dataset&apos;s versions</source>
        <translation>Die Versionen des Datensatzes konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>Select an example to read it here.</source>
        <translation>Wählen Sie ein Beispiel, um es hier zu lesen.</translation>
    </message>
    <message>
        <source>Statistics of %1 examples are computed when this tab is opened.</source>
        <translation>Die Statistik der %1 Beispiele wird berechnet, wenn dieser Reiter geöffnet wird.</translation>
    </message>
    <message>
        <source>run “%1”</source>
        <translation>Lauf „%1“</translation>
    </message>
    <message>
        <source>a run or an evaluation</source>
        <translation>ein Lauf oder eine Auswertung</translation>
    </message>
    <message>
        <source>Version v%1 is frozen since %2 because %3 used it: its eval split must stay what that run was measured on, so it cannot be split again. Derive a new version (import or curate) and split that one.</source>
        <translation>Version v%1 ist seit %2 eingefroren, weil %3 sie verwendet hat: ihr Auswertungs-Split muss bleiben, woran dieser Lauf gemessen wurde, daher kann sie nicht erneut aufgeteilt werden. Leiten Sie eine neue Version ab (Import oder Kuratierung) und teilen Sie diese auf.</translation>
    </message>
    <message>
        <source>No dataset version selected.</source>
        <translation>Keine Datensatzversion ausgewählt.</translation>
    </message>
    <message>
        <source>Computing statistics…</source>
        <translation>Statistik wird berechnet …</translation>
    </message>
    <message>
        <source>Could not compute statistics: %1</source>
        <translation>Die Statistik konnte nicht berechnet werden: %1</translation>
    </message>
    <message>
        <source>Could not read the file to import</source>
        <translation>Die zu importierende Datei konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>%1 wird importiert …</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Cancelling: removing what was imported…</source>
        <translation>Abbruch: bereits Importiertes wird entfernt …</translation>
    </message>
    <message>
        <source>Import failed</source>
        <translation>Import fehlgeschlagen</translation>
    </message>
    <message>
        <source>Exporting to %1…</source>
        <translation>Export nach %1 …</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>Export fehlgeschlagen</translation>
    </message>
    <message>
        <source>Counting the matching examples…</source>
        <translation>Passende Beispiele werden gezählt …</translation>
    </message>
    <message>
        <source>General-capability set</source>
        <translation>Allgemeinfähigkeits-Set</translation>
    </message>
    <message>
        <source>Use this dataset to catch forgetting: prompts the base model already answers well. Evaluation suites on it judge each adapter by its regression against the base model, and it is not trained on.</source>
        <translation>Diesen Datensatz nutzen, um Vergessen zu erkennen: Prompts, die das Basismodell bereits gut beantwortet. Evaluationssuiten darauf beurteilen jeden Adapter nach seinem Rückgang gegenüber dem Basismodell; trainiert wird damit nicht.</translation>
    </message>
    <message>
        <source>This is the project&apos;s general-capability set: evaluation suites on it check that an adapter still does what the base model could (regression against the base model). Keep it out of training.</source>
        <translation>Dies ist das Allgemeinfähigkeits-Set des Projekts: Evaluationssuiten darauf prüfen, dass ein Adapter noch kann, was das Basismodell konnte (Rückgang gegenüber dem Basismodell). Nicht zum Training verwenden.</translation>
    </message>
    <message>
        <source>min</source>
        <translation>min</translation>
    </message>
    <message>
        <source>max</source>
        <translation>max</translation>
    </message>
    <message>
        <source>tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>chars</source>
        <translation>Zeichen</translation>
    </message>
    <message>
        <source>Length in the model&apos;s tokens (as training sees the example; examples not counted yet are left out) or in characters of input + output</source>
        <translation>Länge in Tokens des Modells (wie das Training das Beispiel sieht; noch nicht gezählte Beispiele fallen heraus) oder in Zeichen von Eingabe + Ausgabe</translation>
    </message>
    <message>
        <source>%1 (general capability)</source>
        <translation>%1 (Allgemeinfähigkeit)</translation>
    </message>
    <message>
        <source>Could not change the dataset</source>
        <translation>Der Datensatz konnte nicht geändert werden</translation>
    </message>
</context>
<context>
    <name>EvalWorker</name>
    <message>
        <source>Cannot open %1: %2</source>
        <translation>%1 kann nicht geöffnet werden: %2</translation>
    </message>
</context>
<context>
    <name>EvaluatePage</name>
    <message>
        <source>Evaluate &amp; Compare</source>
        <translation>Auswerten &amp; Vergleichen</translation>
    </message>
    <message>
        <source>Evaluation suites</source>
        <translation>Auswertungs-Suiten</translation>
    </message>
    <message>
        <source>Evaluation runs</source>
        <translation>Auswertungsläufe</translation>
    </message>
    <message>
        <source>Adapter versions</source>
        <translation>Adapter-Versionen</translation>
    </message>
    <message>
        <source>Held-out evaluation of the adapters against go / no-go thresholds, promotion to production and rollback, and the base model&apos;s and each tuned model&apos;s answers side by side with the regressions highlighted.</source>
        <translation>Auswertung der Adapter auf zurückgehaltenen Daten gegen Go/No-Go-Schwellen, Übernahme in die Produktion und Zurückrollen, und die Antworten des Basismodells und jedes feinabgestimmten Modells nebeneinander, mit hervorgehobenen Rückschritten.</translation>
    </message>
</context>
<context>
    <name>EvaluateView</name>
    <message>
        <source>&amp;Versions</source>
        <translation>&amp;Versionen</translation>
    </message>
    <message>
        <source>&amp;Compare</source>
        <translation>Ver&amp;gleichen</translation>
    </message>
    <message>
        <source>S&amp;uites</source>
        <translation>S&amp;uiten</translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation>&amp;Playground</translation>
    </message>
    <message>
        <source>Adapter versions, their verdicts, evaluation, promotion and export</source>
        <translation>Adapter-Versionen, ihre Urteile, Auswertung, Übernahme in die Produktion und Export</translation>
    </message>
    <message>
        <source>Loss curves, metrics and per-example outputs of two or more versions</source>
        <translation>Verlustkurven, Metriken und Ausgaben je Beispiel von zwei oder mehr Versionen</translation>
    </message>
    <message>
        <source>Evaluation suites: dataset version, split, metrics, thresholds</source>
        <translation>Auswertungs-Suiten: Datensatzversion, Split, Metriken, Schwellen</translation>
    </message>
    <message>
        <source>One prompt, the base model&apos;s and an adapter&apos;s answers</source>
        <translation>Ein Prompt, die Antworten des Basismodells und eines Adapters</translation>
    </message>
</context>
<context>
    <name>ExampleCompareModel</name>
    <message>
        <source>(not evaluated)</source>
        <translation>(nicht ausgewertet)</translation>
    </message>
    <message>
        <source>REGRESSION in %1</source>
        <translation>RÜCKSCHRITT in %1</translation>
    </message>
    <message>
        <source>fixed in %1</source>
        <translation>behoben in %1</translation>
    </message>
    <message>
        <source>ID</source>
        <translation>ID</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Reference</source>
        <translation>Referenz</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Tags</source>
        <translation>Tags</translation>
    </message>
    <message>
        <source>Output: %1</source>
        <translation>Ausgabe: %1</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
</context>
<context>
    <name>ExampleDetailView</name>
    <message>
        <source>(empty)</source>
        <translation>(leer)</translation>
    </message>
    <message>
        <source>Select an example to read it here.</source>
        <translation>Wählen Sie ein Beispiel, um es hier zu lesen.</translation>
    </message>
    <message>
        <source>line %1</source>
        <translation>Zeile %1</translation>
    </message>
    <message>
        <source>tags: %1</source>
        <translation>Tags: %1</translation>
    </message>
    <message>
        <source>flags: %1</source>
        <translation>Markierungen: %1</translation>
    </message>
    <message>
        <source>system</source>
        <translation>System</translation>
    </message>
    <message>
        <source>prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>completion</source>
        <translation>Completion</translation>
    </message>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>chosen</source>
        <translation>bevorzugt</translation>
    </message>
    <message>
        <source>rejected</source>
        <translation>abgelehnt</translation>
    </message>
</context>
<context>
    <name>GuidedCheck</name>
    <message>
        <source>Use retrieval, not fine-tuning</source>
        <translation>Retrieval statt Fine-Tuning verwenden</translation>
    </message>
    <message>
        <source>The model lacks knowledge the task needs. Fine-tuning teaches behaviour, not facts: a tuned model repeats trained facts unreliably and cannot be updated without another run. Put the documents in a search index and pass the relevant passages in the prompt (retrieval-augmented generation). Fine-tune later only if the format of the answers stays inconsistent.</source>
        <translation>Dem Modell fehlt Wissen, das die Aufgabe braucht. Fine-Tuning lehrt Verhalten, keine Fakten: ein feinabgestimmtes Modell gibt trainierte Fakten unzuverlässig wieder und lässt sich ohne neuen Lauf nicht aktualisieren. Legen Sie die Dokumente in einen Suchindex und geben Sie die passenden Abschnitte im Prompt mit (Retrieval-Augmented Generation). Stimmen Sie später nur fein, wenn das Format der Antworten uneinheitlich bleibt.</translation>
    </message>
    <message>
        <source>Write better prompts first</source>
        <translation>Zuerst bessere Prompts schreiben</translation>
    </message>
    <message>
        <source>The model could follow clear instructions. Write them down, add a few worked examples to the prompt and measure the result on an evaluation set. A prompt change takes minutes; fine-tune only if the model still fails after that.</source>
        <translation>Das Modell könnte klaren Anweisungen folgen. Schreiben Sie sie auf, fügen Sie dem Prompt einige ausgearbeitete Beispiele hinzu und messen Sie das Ergebnis an einem Auswertungssatz. Eine Prompt-Änderung dauert Minuten; stimmen Sie nur fein, wenn das Modell danach noch scheitert.</translation>
    </message>
    <message>
        <source>Fine-tuning fits this task</source>
        <translation>Fine-Tuning passt zu dieser Aufgabe</translation>
    </message>
    <message>
        <source>The model knows enough and good prompts were not enough: the problem is consistency of format, tone or judgment across many calls. That is what fine-tuning changes. Collect a few hundred good examples, keep a held-out evaluation set and compare every run against the base model.</source>
        <translation>Das Modell weiß genug, und gute Prompts reichten nicht: das Problem ist die Einheitlichkeit von Format, Ton oder Urteil über viele Aufrufe. Genau das ändert Fine-Tuning. Sammeln Sie einige hundert gute Beispiele, halten Sie einen Auswertungssatz zurück und vergleichen Sie jeden Lauf mit dem Basismodell.</translation>
    </message>
    <message>
        <source>No clear need for fine-tuning yet</source>
        <translation>Noch kein klarer Bedarf für Fine-Tuning</translation>
    </message>
    <message>
        <source>None of the signs for fine-tuning showed up. Build an evaluation set from real inputs first and measure the base model with a good prompt; come back to fine-tuning when the measurements show consistent failures.</source>
        <translation>Keines der Anzeichen für Fine-Tuning trat auf. Bauen Sie zuerst einen Auswertungssatz aus echten Eingaben und messen Sie das Basismodell mit einem guten Prompt; kommen Sie auf Fine-Tuning zurück, wenn die Messungen beständige Fehler zeigen.</translation>
    </message>
    <message>
        <source>Does the task need knowledge the model does not have, such as internal documents, a product catalogue or recent events?</source>
        <translation>Braucht die Aufgabe Wissen, das das Modell nicht hat, etwa interne Dokumente, einen Produktkatalog oder aktuelle Ereignisse?</translation>
    </message>
    <message>
        <source>Could a capable model do the task if you wrote clear instructions and a few examples into the prompt?</source>
        <translation>Könnte ein fähiges Modell die Aufgabe erledigen, wenn Sie klare Anweisungen und einige Beispiele in den Prompt schreiben?</translation>
    </message>
    <message>
        <source>Across many calls, are the outputs inconsistent in format, tone or judgment, even with a good prompt?</source>
        <translation>Sind die Ausgaben über viele Aufrufe hinweg uneinheitlich in Format, Ton oder Urteil, selbst mit einem guten Prompt?</translation>
    </message>
</context>
<context>
    <name>GuidedCheckBanner</name>
    <message>
        <source>&lt;b&gt;Is fine-tuning the right tool?&lt;/b&gt; Not checked yet for this project: File ▸ Fine-Tuning Check.</source>
        <translation>&lt;b&gt;Ist Fine-Tuning das richtige Werkzeug?&lt;/b&gt; Für dieses Projekt noch nicht geprüft: Datei ▸ Fine-Tuning-Check.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Fine-tuning check:&lt;/b&gt; %1 &lt;span style=&apos;color:%2&apos;&gt;(answered %3; File ▸ Fine-Tuning Check to change)&lt;/span&gt;</source>
        <translation>&lt;b&gt;Fine-Tuning-Check:&lt;/b&gt; %1 &lt;span style=&apos;color:%2&apos;&gt;(beantwortet am %3; ändern mit Datei ▸ Fine-Tuning-Check)&lt;/span&gt;</translation>
    </message>
</context>
<context>
    <name>GuidedCheckDialog</name>
    <message>
        <source>Is Fine-Tuning the Right Tool?</source>
        <translation>Ist Fine-Tuning das richtige Werkzeug?</translation>
    </message>
    <message>
        <source>Fine-tuning changes how a model behaves. It is not the best tool for every problem: three questions tell which one fits your task. The answers are saved in the project.</source>
        <translation>Fine-Tuning ändert, wie sich ein Modell verhält. Es ist nicht für jedes Problem das beste Werkzeug: drei Fragen zeigen, welches zu Ihrer Aufgabe passt. Die Antworten werden im Projekt gespeichert.</translation>
    </message>
    <message>
        <source>Yes</source>
        <translation>Ja</translation>
    </message>
    <message>
        <source>No</source>
        <translation>Nein</translation>
    </message>
    <message>
        <source>Save Answers</source>
        <translation>Antworten speichern</translation>
    </message>
    <message>
        <source>Skip</source>
        <translation>Überspringen</translation>
    </message>
    <message>
        <source>Create the project without answering; the check stays available in the File menu.</source>
        <translation>Das Projekt ohne Antworten anlegen; der Check bleibt im Menü Datei verfügbar.</translation>
    </message>
    <message>
        <source>Answer all three questions to see the recommendation.</source>
        <translation>Beantworten Sie alle drei Fragen, um die Empfehlung zu sehen.</translation>
    </message>
</context>
<context>
    <name>ImportDialog</name>
    <message>
        <source>Chat messages (role / content)</source>
        <translation>Chat-Nachrichten (role / content)</translation>
    </message>
    <message>
        <source>ShareGPT conversations (from / value)</source>
        <translation>ShareGPT-Unterhaltungen (from / value)</translation>
    </message>
    <message>
        <source>Prompt / completion</source>
        <translation>Prompt / Completion</translation>
    </message>
    <message>
        <source>Alpaca (instruction, input, output)</source>
        <translation>Alpaca (instruction, input, output)</translation>
    </message>
    <message>
        <source>Classification (text, label)</source>
        <translation>Klassifikation (text, label)</translation>
    </message>
    <message>
        <source>Preference (prompt, chosen, rejected)</source>
        <translation>Präferenz (prompt, chosen, rejected)</translation>
    </message>
    <message>
        <source>Unknown</source>
        <translation>Unbekannt</translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation>%1 importieren</translation>
    </message>
    <message>
        <source>&lt;b&gt;%1&lt;/b&gt; file. Detected record format: &lt;b&gt;%2&lt;/b&gt; (%3 of %4 sampled records match).</source>
        <translation>&lt;b&gt;%1&lt;/b&gt;-Datei. Erkanntes Datensatzformat: &lt;b&gt;%2&lt;/b&gt; (%3 von %4 Stichproben-Datensätzen passen).</translation>
    </message>
    <message>
        <source>New dataset</source>
        <translation>Neuer Datensatz</translation>
    </message>
    <message>
        <source>New version: append to dataset</source>
        <translation>Neue Version: an Datensatz anhängen</translation>
    </message>
    <message>
        <source>New version: replace dataset&apos;s examples</source>
        <translation>Neue Version: Beispiele des Datensatzes ersetzen</translation>
    </message>
    <message>
        <source>Import as</source>
        <translation>Importieren als</translation>
    </message>
    <message>
        <source>Dataset name</source>
        <translation>Name des Datensatzes</translation>
    </message>
    <message>
        <source>Record format</source>
        <translation>Datensatzformat</translation>
    </message>
    <message>
        <source>Line</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>Preview of the first records:</source>
        <translation>Vorschau der ersten Datensätze:</translation>
    </message>
    <message>
        <source>Import</source>
        <translation>Importieren</translation>
    </message>
    <message>
        <source>Give the dataset a name.</source>
        <translation>Geben Sie dem Datensatz einen Namen.</translation>
    </message>
    <message>
        <source>None of the previewed records can be read with this mapping.</source>
        <translation>Keiner der Vorschau-Datensätze kann mit dieser Zuordnung gelesen werden.</translation>
    </message>
    <message>
        <source>%1 of the %2 previewed records would be skipped (see Problem); they are listed by line after the import.</source>
        <translation>%1 der %2 Vorschau-Datensätze würden übersprungen (siehe Problem); sie werden nach dem Import nach Zeile aufgelistet.</translation>
    </message>
</context>
<context>
    <name>LabelSetDialog</name>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>The project&apos;s label set. Number keys 1–9 in the annotation view pick the labels in this order; renaming or merging a label changes every example that carries it.</source>
        <translation>Die Labels des Projekts. Die Zifferntasten 1–9 in der Annotationsansicht wählen die Labels in dieser Reihenfolge; Umbenennen oder Zusammenführen eines Labels ändert jedes Beispiel, das es trägt.</translation>
    </message>
    <message>
        <source>New label name — Enter adds it</source>
        <translation>Name des neuen Labels – Enter fügt es hinzu</translation>
    </message>
    <message>
        <source>&amp;New label</source>
        <translation>&amp;Neues Label</translation>
    </message>
    <message>
        <source>&amp;Rename</source>
        <translation>&amp;Umbenennen</translation>
    </message>
    <message>
        <source>Merge the selected label &amp;into:</source>
        <translation>Das gewählte Label überführen &amp;in:</translation>
    </message>
    <message>
        <source>&amp;Merge</source>
        <translation>Zusammen&amp;führen</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Esc</source>
        <translation>Esc</translation>
    </message>
    <message numerus="yes">
        <source>%1 · %2 — %n example(s)</source>
        <translation>
            <numerusform>%1 · %2 – %n Beispiel</numerusform>
            <numerusform>%1 · %2 – %n Beispiele</numerusform>
        </translation>
    </message>
    <message>
        <source>New name — Enter renames, Esc cancels</source>
        <translation>Neuer Name – Enter benennt um, Esc bricht ab</translation>
    </message>
    <message>
        <source>Renamed to &quot;%1&quot; (Ctrl+Z undoes it).</source>
        <translation>Umbenannt in „%1“ (Strg+Z macht es rückgängig).</translation>
    </message>
    <message>
        <source>Added &quot;%1&quot; (Ctrl+Z undoes it).</source>
        <translation>„%1“ hinzugefügt (Strg+Z macht es rückgängig).</translation>
    </message>
    <message numerus="yes">
        <source>Merged &quot;%1&quot; into &quot;%2&quot;: %n annotation(s) moved (Ctrl+Z undoes it).</source>
        <translation>
            <numerusform>„%1“ in „%2“ zusammengeführt: %n Annotation verschoben (Strg+Z macht es rückgängig).</numerusform>
            <numerusform>„%1“ in „%2“ zusammengeführt: %n Annotationen verschoben (Strg+Z macht es rückgängig).</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Language</name>
    <message>
        <source>&amp;Language</source>
        <translation>&amp;Sprache</translation>
    </message>
    <message>
        <source>Language Changed</source>
        <translation>Sprache geändert</translation>
    </message>
    <message>
        <source>The new language applies when Tuning Studio is started again.</source>
        <translation>Die neue Sprache gilt ab dem nächsten Start von Tuning Studio.</translation>
    </message>
    <message>
        <source>System Default</source>
        <translation>Systemstandard</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Tuning Studio projects (*.%1)</source>
        <translation>Tuning-Studio-Projekte (*.%1)</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>&amp;Neues Projekt …</translation>
    </message>
    <message>
        <source>Create a new project file</source>
        <translation>Eine neue Projektdatei anlegen</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>Projekt ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Open an existing project file</source>
        <translation>Eine vorhandene Projektdatei öffnen</translation>
    </message>
    <message>
        <source>Fine-Tuning &amp;Check…</source>
        <translation>Fine-Tuning-&amp;Check …</translation>
    </message>
    <message>
        <source>Is fine-tuning the right tool for this project? Three questions and a recommendation</source>
        <translation>Ist Fine-Tuning das richtige Werkzeug für dieses Projekt? Drei Fragen und eine Empfehlung</translation>
    </message>
    <message>
        <source>&amp;Close Project</source>
        <translation>Projekt s&amp;chließen</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>Open &amp;Recent</source>
        <translation>&amp;Zuletzt geöffnet</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About Tuning Studio</source>
        <translation>Ü&amp;ber Tuning Studio</translation>
    </message>
    <message>
        <source>About &amp;Qt</source>
        <translation>Über &amp;Qt</translation>
    </message>
    <message>
        <source>The device the training engine computes on (libtorch %1)</source>
        <translation>Das Gerät, auf dem die Trainings-Engine rechnet (libtorch %1)</translation>
    </message>
    <message>
        <source>Could Not Create Project</source>
        <translation>Projekt konnte nicht angelegt werden</translation>
    </message>
    <message>
        <source>Could Not Open Project</source>
        <translation>Projekt konnte nicht geöffnet werden</translation>
    </message>
    <message>
        <source>%1 could not be opened as a Tuning Studio project.</source>
        <translation>%1 konnte nicht als Tuning-Studio-Projekt geöffnet werden.</translation>
    </message>
    <message>
        <source>Could Not Create the Demo Project</source>
        <translation>Demo-Projekt konnte nicht angelegt werden</translation>
    </message>
    <message>
        <source>%1 — Tuning Studio</source>
        <translation>%1 — Tuning Studio</translation>
    </message>
    <message>
        <source>The open project file</source>
        <translation>Die geöffnete Projektdatei</translation>
    </message>
    <message>
        <source>Schema v%1</source>
        <translation>Schema v%1</translation>
    </message>
    <message>
        <source>Version of the project file&apos;s database schema</source>
        <translation>Version des Datenbankschemas der Projektdatei</translation>
    </message>
    <message>
        <source>Tuning Studio</source>
        <translation>Tuning Studio</translation>
    </message>
    <message>
        <source>No project open</source>
        <translation>Kein Projekt geöffnet</translation>
    </message>
    <message>
        <source>New Project</source>
        <translation>Neues Projekt</translation>
    </message>
    <message>
        <source>Open Project</source>
        <translation>Projekt öffnen</translation>
    </message>
    <message>
        <source>All files (*)</source>
        <translation>Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Untitled.tsproj</source>
        <translation>Unbenannt.tsproj</translation>
    </message>
    <message>
        <source>Could Not Save the Answers</source>
        <translation>Antworten konnten nicht gespeichert werden</translation>
    </message>
    <message>
        <source>The fine-tuning check could not be written to %1.</source>
        <translation>Der Fine-Tuning-Check konnte nicht in %1 geschrieben werden.</translation>
    </message>
    <message>
        <source>&amp;Clear Menu</source>
        <translation>Liste &amp;leeren</translation>
    </message>
    <message>
        <source>&lt;h3&gt;Tuning Studio %1&lt;/h3&gt;&lt;p&gt;Fine-tune small language models on your own data, on your own computer, with QLoRA.&lt;/p&gt;&lt;p&gt;Licensed under the GNU General Public License, version 3 or later (GPL-3.0-or-later).&lt;/p&gt;&lt;p&gt;Built with libtorch %2 and Qt %3 (running on Qt %4).&lt;/p&gt;&lt;p&gt;Compute device: %5&lt;/p&gt;</source>
        <translation>&lt;h3&gt;Tuning Studio %1&lt;/h3&gt;&lt;p&gt;Kleine Sprachmodelle mit QLoRA auf eigenen Daten und auf dem eigenen Rechner feinabstimmen.&lt;/p&gt;&lt;p&gt;Lizenziert unter der GNU General Public License, Version 3 oder später (GPL-3.0-or-later).&lt;/p&gt;&lt;p&gt;Erstellt mit libtorch %2 und Qt %3 (läuft mit Qt %4).&lt;/p&gt;&lt;p&gt;Rechengerät: %5&lt;/p&gt;</translation>
    </message>
    <message>
        <source>About Tuning Studio</source>
        <translation>Über Tuning Studio</translation>
    </message>
    <message>
        <source>Upgrading %1 to this version of Tuning Studio. Large projects take a few minutes (the search index is rebuilt); the project stays as it was if this fails.</source>
        <translation>%1 wird für diese Version von Tuning Studio aktualisiert. Große Projekte brauchen einige Minuten (der Suchindex wird neu aufgebaut); schlägt es fehl, bleibt das Projekt, wie es war.</translation>
    </message>
    <message>
        <source>Upgrading Project</source>
        <translation>Projekt wird aktualisiert</translation>
    </message>
</context>
<context>
    <name>PlaygroundPanel</name>
    <message>
        <source>Base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>Hugging Face folder or .gguf file</source>
        <translation>Hugging-Face-Ordner oder .gguf-Datei</translation>
    </message>
    <message>
        <source>Adapter</source>
        <translation>Adapter</translation>
    </message>
    <message>
        <source>The adapter version answering in the right-hand pane</source>
        <translation>Die Adapter-Version, die im rechten Bereich antwortet</translation>
    </message>
    <message>
        <source>Max tokens</source>
        <translation>Max. Tokens</translation>
    </message>
    <message>
        <source>A user message, e.g. a support ticket to triage</source>
        <translation>Eine Nutzernachricht, z. B. ein Support-Ticket zur Triage</translation>
    </message>
    <message>
        <source>&amp;Generate</source>
        <translation>&amp;Generieren</translation>
    </message>
    <message>
        <source>Answer with both models, greedy decoding (Ctrl+Return)</source>
        <translation>Mit beiden Modellen antworten, Greedy-Decoding (Strg+Eingabe)</translation>
    </message>
    <message>
        <source>S&amp;top</source>
        <translation>S&amp;toppen</translation>
    </message>
    <message>
        <source>Stop generating (Esc)</source>
        <translation>Generieren stoppen (Esc)</translation>
    </message>
    <message>
        <source>With the adapter</source>
        <translation>Mit dem Adapter</translation>
    </message>
    <message>
        <source>(none: base model only)</source>
        <translation>(keiner: nur Basismodell)</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird gestoppt …</translation>
    </message>
    <message>
        <source>Enter a prompt and the base model.</source>
        <translation>Geben Sie einen Prompt und das Basismodell ein.</translation>
    </message>
    <message>
        <source>generating…</source>
        <translation>wird generiert …</translation>
    </message>
    <message>
        <source>waiting for the base model…</source>
        <translation>wartet auf das Basismodell …</translation>
    </message>
    <message>
        <source>Generating on the CPU…</source>
        <translation>Generieren auf der CPU …</translation>
    </message>
    <message>
        <source>Error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>
[stopped]</source>
        <translation>
[gestoppt]</translation>
    </message>
    <message>
        <source>Base %1 s, adapter %2 s</source>
        <translation>Basis %1 s, Adapter %2 s</translation>
    </message>
</context>
<context>
    <name>ProductionPage</name>
    <message>
        <source>Production</source>
        <translation>Produktion</translation>
    </message>
    <message>
        <source>The deployed model&apos;s inputs and outputs, imported from its logs: how far production has drifted from the training data, and a review queue that turns corrected answers into a new dataset version.</source>
        <translation>Ein- und Ausgaben des eingesetzten Modells, aus seinen Logs importiert: wie weit sich die Produktion von den Trainingsdaten entfernt hat, und eine Prüf-Warteschlange, die korrigierte Antworten zu einer neuen Datensatzversion macht.</translation>
    </message>
    <message>
        <source>Logged requests</source>
        <translation>Protokollierte Anfragen</translation>
    </message>
    <message>
        <source>Adapter versions</source>
        <translation>Adapter-Versionen</translation>
    </message>
    <message>
        <source>Import Production Logs</source>
        <translation>Produktions-Logs importieren</translation>
    </message>
    <message>
        <source>JSON Lines (*.jsonl *.ndjson *.json);;All files (*)</source>
        <translation>JSON Lines (*.jsonl *.ndjson *.json);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>&amp;Drift</source>
        <translation>&amp;Drift</translation>
    </message>
    <message>
        <source>&amp;Corrections Queue</source>
        <translation>&amp;Korrektur-Warteschlange</translation>
    </message>
    <message>
        <source>&amp;Import Logs</source>
        <translation>Logs &amp;importieren</translation>
    </message>
    <message>
        <source>Import Logs…</source>
        <translation>Logs importieren …</translation>
    </message>
    <message>
        <source>Import a JSON Lines log of {input, output, correction?, timestamp?} records (Ctrl+Shift+L). Lines already imported are skipped.</source>
        <translation>Ein JSON-Lines-Log mit Datensätzen {input, output, correction?, timestamp?} importieren (Strg+Umschalt+L). Bereits importierte Zeilen werden übersprungen.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the import; lines imported so far are kept and a later import of the same file continues after them (Esc)</source>
        <translation>Den Import beenden; bisher importierte Zeilen bleiben erhalten, und ein späterer Import derselben Datei setzt nach ihnen fort (Esc)</translation>
    </message>
    <message>
        <source>No import yet.</source>
        <translation>Noch kein Import.</translation>
    </message>
    <message>
        <source>Lines that could not be imported are listed here as file:line: what is wrong.</source>
        <translation>Zeilen, die nicht importiert werden konnten, erscheinen hier als Datei:Zeile: was falsch ist.</translation>
    </message>
    <message>
        <source>Compare with:</source>
        <translation>Vergleichen mit:</translation>
    </message>
    <message>
        <source>The training data to compare production inputs with</source>
        <translation>Die Trainingsdaten, mit denen die Produktionseingaben verglichen werden</translation>
    </message>
    <message>
        <source>Per day</source>
        <translation>Pro Tag</translation>
    </message>
    <message>
        <source>Per week</source>
        <translation>Pro Woche</translation>
    </message>
    <message>
        <source>Time buckets of the series</source>
        <translation>Zeitabschnitte der Reihen</translation>
    </message>
    <message>
        <source>Compute Drift</source>
        <translation>Drift berechnen</translation>
    </message>
    <message>
        <source>Measure drift of the imported logs against the training data (F5)</source>
        <translation>Die Drift der importierten Logs gegenüber den Trainingsdaten messen (F5)</translation>
    </message>
    <message>
        <source>Import logs, then compute drift.</source>
        <translation>Importieren Sie Logs und berechnen Sie dann die Drift.</translation>
    </message>
    <message>
        <source>Token divergence over time</source>
        <translation>Token-Divergenz im Zeitverlauf</translation>
    </message>
    <message>
        <source>JS divergence (bits)</source>
        <translation>JS-Divergenz (Bit)</translation>
    </message>
    <message>
        <source>Inputs unlike any training input</source>
        <translation>Eingaben ohne Ähnlichkeit zu Trainingseingaben</translation>
    </message>
    <message>
        <source>Share</source>
        <translation>Anteil</translation>
    </message>
    <message>
        <source>Input length</source>
        <translation>Eingabelänge</translation>
    </message>
    <message>
        <source>Words</source>
        <translation>Wörter</translation>
    </message>
    <message>
        <source>Predicted labels</source>
        <translation>Vorhergesagte Labels</translation>
    </message>
    <message>
        <source>Queued for review</source>
        <translation>Zur Prüfung eingereiht</translation>
    </message>
    <message>
        <source>New (not queued)</source>
        <translation>Neu (nicht eingereiht)</translation>
    </message>
    <message>
        <source>Approved</source>
        <translation>Freigegeben</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>Into dataset:</source>
        <translation>In Datensatz:</translation>
    </message>
    <message>
        <source>Approved rows become a new version of this dataset: its latest version&apos;s examples plus the approved ones</source>
        <translation>Freigegebene Zeilen werden zu einer neuen Version dieses Datensatzes: die Beispiele seiner neuesten Version plus die freigegebenen</translation>
    </message>
    <message>
        <source>Approve &amp;&amp; Create Version</source>
        <translation>Freigeben &amp;&amp; Version erstellen</translation>
    </message>
    <message>
        <source>Approve the checked rows (the correction when there is one, else the logged output) into a new dataset version (Ctrl+Enter)</source>
        <translation>Die ausgewählten Zeilen in eine neue Datensatzversion freigeben (die Korrektur, falls vorhanden, sonst die protokollierte Ausgabe) (Strg+Enter)</translation>
    </message>
    <message>
        <source>Reject</source>
        <translation>Ablehnen</translation>
    </message>
    <message>
        <source>Mark the checked rows rejected; they are kept (Ctrl+Delete)</source>
        <translation>Die ausgewählten Zeilen als abgelehnt markieren; sie bleiben erhalten (Strg+Entf)</translation>
    </message>
    <message>
        <source>Row</source>
        <translation>Zeile</translation>
    </message>
    <message>
        <source>Source</source>
        <translation>Quelle</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Logged output</source>
        <translation>Protokollierte Ausgabe</translation>
    </message>
    <message>
        <source>Correction</source>
        <translation>Korrektur</translation>
    </message>
    <message>
        <source>Check rows to approve or reject them; double-click a correction to edit it</source>
        <translation>Zeilen auswählen, um sie freizugeben oder abzulehnen; Doppelklick auf eine Korrektur bearbeitet sie</translation>
    </message>
    <message>
        <source>Could Not Save Correction</source>
        <translation>Korrektur konnte nicht gespeichert werden</translation>
    </message>
    <message>
        <source>Training data of the production adapter</source>
        <translation>Trainingsdaten des Produktionsadapters</translation>
    </message>
    <message>
        <source>%1 v%2 (%3 examples)</source>
        <translation>%1 v%2 (%3 Beispiele)</translation>
    </message>
    <message>
        <source>Could Not Read Datasets</source>
        <translation>Datensätze konnten nicht gelesen werden</translation>
    </message>
    <message>
        <source>%1 queued · %2 new · %3 approved · %4 rejected</source>
        <translation>%1 eingereiht · %2 neu · %3 freigegeben · %4 abgelehnt</translation>
    </message>
    <message>
        <source>Could Not Read the Queue</source>
        <translation>Die Warteschlange konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Nothing to Approve</source>
        <translation>Nichts freizugeben</translation>
    </message>
    <message>
        <source>Check the rows to approve first.</source>
        <translation>Wählen Sie zuerst die freizugebenden Zeilen aus.</translation>
    </message>
    <message numerus="yes">
        <source>Approved %n row(s) into a new version of %1.</source>
        <translation>
            <numerusform>%n Zeile in eine neue Version von %1 freigegeben.</numerusform>
            <numerusform>%n Zeilen in eine neue Version von %1 freigegeben.</numerusform>
        </translation>
    </message>
    <message>
        <source>Could Not Create the Dataset Version</source>
        <translation>Die Datensatzversion konnte nicht erstellt werden</translation>
    </message>
    <message>
        <source>Could Not Reject</source>
        <translation>Ablehnen nicht möglich</translation>
    </message>
    <message>
        <source>Importing %1…</source>
        <translation>%1 wird importiert …</translation>
    </message>
    <message>
        <source>Import failed.</source>
        <translation>Import fehlgeschlagen.</translation>
    </message>
    <message>
        <source>Could Not Import Logs</source>
        <translation>Logs konnten nicht importiert werden</translation>
    </message>
    <message>
        <source>Cancelled. </source>
        <translation>Abgebrochen. </translation>
    </message>
    <message>
        <source>%1 new line(s) imported, %2 queued for review, %3 already imported, %4 bad line(s).</source>
        <translation>%1 neue Zeile(n) importiert, %2 zur Prüfung eingereiht, %3 bereits importiert, %4 fehlerhafte Zeile(n).</translation>
    </message>
    <message>
        <source>… and %1 more</source>
        <translation>… und %1 weitere</translation>
    </message>
    <message>
        <source>Measuring drift…</source>
        <translation>Drift wird gemessen …</translation>
    </message>
    <message>
        <source>Could Not Measure Drift</source>
        <translation>Drift konnte nicht gemessen werden</translation>
    </message>
    <message>
        <source>%1 production inputs vs %2 training inputs: token divergence %3 (threshold %4), %5% without a near neighbour in training (threshold %6%), length distance %7.</source>
        <translation>%1 Produktionseingaben gegenüber %2 Trainingseingaben: Token-Divergenz %3 (Schwelle %4), %5 % ohne nahen Nachbarn im Training (Schwelle %6 %), Längenabstand %7.</translation>
    </message>
    <message>
        <source>Retraining recommended:</source>
        <translation>Neues Training empfohlen:</translation>
    </message>
    <message>
        <source>No retraining needed.</source>
        <translation>Kein neues Training nötig.</translation>
    </message>
    <message>
        <source>Token JS divergence</source>
        <translation>Token-JS-Divergenz</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwelle</translation>
    </message>
    <message>
        <source>Novel share</source>
        <translation>Anteil neuer Eingaben</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>Training</translation>
    </message>
</context>
<context>
    <name>ProjectPage</name>
    <message>
        <source>In this project</source>
        <translation>In diesem Projekt</translation>
    </message>
    <message>
        <source>This project&apos;s schema (version %1) has no &quot;%2&quot; table yet.</source>
        <translation>Das Schema dieses Projekts (Version %1) hat noch keine Tabelle „%2“.</translation>
    </message>
</context>
<context>
    <name>ProjectStore</name>
    <message>
        <source>Cannot open a project: no file name was given.</source>
        <translation>Projekt kann nicht geöffnet werden: kein Dateiname angegeben.</translation>
    </message>
    <message>
        <source>no project is open</source>
        <translation>kein Projekt geöffnet</translation>
    </message>
</context>
<context>
    <name>QObject</name>
    <message>
        <source>Edit output</source>
        <translation>Ausgabe bearbeiten</translation>
    </message>
    <message>
        <source>base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>Edit answer</source>
        <translation>Antwort bearbeiten</translation>
    </message>
    <message>
        <source>Add label %1</source>
        <translation>Label %1 hinzufügen</translation>
    </message>
    <message>
        <source>Rename label %1 to %2</source>
        <translation>Label %1 in %2 umbenennen</translation>
    </message>
</context>
<context>
    <name>RecipeEditor</name>
    <message>
        <source>Recipes saved in this project</source>
        <translation>In diesem Projekt gespeicherte Rezepte</translation>
    </message>
    <message>
        <source>Start from a shipped preset (replaces the fields; undoable)</source>
        <translation>Von einer mitgelieferten Vorlage ausgehen (ersetzt die Felder; rückgängig machbar)</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Save the recipe in the project under its name</source>
        <translation>Das Rezept unter seinem Namen im Projekt speichern</translation>
    </message>
    <message>
        <source>Import…</source>
        <translation>Importieren …</translation>
    </message>
    <message>
        <source>Load a recipe from a JSON file (undoable)</source>
        <translation>Ein Rezept aus einer JSON-Datei laden (rückgängig machbar)</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <source>Write the recipe to a JSON file, to share it or keep it in version control</source>
        <translation>Das Rezept in eine JSON-Datei schreiben, um es weiterzugeben oder zu versionieren</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>Rückgängig</translation>
    </message>
    <message>
        <source>Undo the last change to the recipe (Ctrl+Z)</source>
        <translation>Die letzte Änderung am Rezept rückgängig machen (Strg+Z)</translation>
    </message>
    <message>
        <source>Redo</source>
        <translation>Wiederherstellen</translation>
    </message>
    <message>
        <source>Redo the change just undone (Ctrl+Shift+Z)</source>
        <translation>Die eben rückgängig gemachte Änderung wiederherstellen (Strg+Umschalt+Z)</translation>
    </message>
    <message>
        <source>Start run</source>
        <translation>Lauf starten</translation>
    </message>
    <message>
        <source>Save the recipe and queue a training run with it</source>
        <translation>Das Rezept speichern und einen Trainingslauf damit einreihen</translation>
    </message>
    <message>
        <source>Recipe:</source>
        <translation>Rezept:</translation>
    </message>
    <message>
        <source>Preset:</source>
        <translation>Vorlage:</translation>
    </message>
    <message>
        <source>Recipe</source>
        <translation>Rezept</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>The name the recipe is saved under in the project; runs show it. Short and specific, e.g. &quot;triage r16 3 epochs&quot;</source>
        <translation>Der Name, unter dem das Rezept im Projekt gespeichert wird; Läufe zeigen ihn an. Kurz und genau, z. B. „Triage r16 3 Epochen“</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>Beschreibung</translation>
    </message>
    <message>
        <source>What this recipe is for and what changed from the last one, in a sentence</source>
        <translation>Wofür dieses Rezept ist und was sich gegenüber dem letzten geändert hat, in einem Satz</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>Browse…</source>
        <translation>Durchsuchen …</translation>
    </message>
    <message>
        <source>Choose a model folder or a .gguf file</source>
        <translation>Einen Modellordner oder eine .gguf-Datei wählen</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>The model to fine-tune: a Hugging Face model folder (config.json + safetensors) or a .gguf file. Start small (0.1–3 B parameters) and pick an instruct model for chat data</source>
        <translation>Das feinabzustimmende Modell: ein Hugging-Face-Modellordner (config.json + safetensors) oder eine .gguf-Datei. Klein anfangen (0,1–3 Mrd. Parameter); für Chat-Daten ein Instruct-Modell wählen</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>Daten</translation>
    </message>
    <message>
        <source>Dataset version</source>
        <translation>Datensatzversion</translation>
    </message>
    <message>
        <source>The frozen dataset version the run trains on. A version never changes, so the run can be repeated and compared. A few hundred good examples are a sensible start</source>
        <translation>Die eingefrorene Datensatzversion, auf der der Lauf trainiert. Eine Version ändert sich nie, so lässt sich der Lauf wiederholen und vergleichen. Einige hundert gute Beispiele sind ein sinnvoller Anfang</translation>
    </message>
    <message>
        <source>Train split</source>
        <translation>Trainings-Split</translation>
    </message>
    <message>
        <source>Eval split</source>
        <translation>Auswertungs-Split</translation>
    </message>
    <message>
        <source>The split whose examples are trained on (usually &quot;train&quot;)</source>
        <translation>Der Split, auf dessen Beispielen trainiert wird (meist „train“)</translation>
    </message>
    <message>
        <source>Held-out examples for the eval loss, never trained on; 5–20 % of the data is usual. None: no evaluation during training</source>
        <translation>Zurückgehaltene Beispiele für den Auswertungsverlust, nie trainiert; 5–20 % der Daten sind üblich. Keiner: keine Auswertung während des Trainings</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>Methode</translation>
    </message>
    <message>
        <source>sft: supervised fine-tuning on prompt/response pairs (start here); dpo: direct preference optimization on chosen/rejected pairs, usually after sft</source>
        <translation>sft: überwachtes Fine-Tuning auf Prompt/Antwort-Paaren (hier beginnen); dpo: Direct Preference Optimization auf bevorzugt/abgelehnt-Paaren, meist nach sft</translation>
    </message>
    <message>
        <source>DPO beta</source>
        <translation>DPO-Beta</translation>
    </message>
    <message>
        <source>DPO beta: how strongly the model is held near the reference model; smaller moves further. Allowed (0, 100]; 0.1 is the usual value, 0.05–0.5 the sensible range</source>
        <translation>DPO-Beta: wie stark das Modell nahe am Referenzmodell gehalten wird; kleiner entfernt sich weiter. Erlaubt (0, 100]; 0,1 ist üblich, 0,05–0,5 der sinnvolle Bereich</translation>
    </message>
    <message>
        <source>DPO label smoothing</source>
        <translation>DPO-Label-Glättung</translation>
    </message>
    <message>
        <source>Share of preference pairs assumed to be labelled the wrong way round (conservative DPO). Allowed [0, 0.5); 0 for clean labels, 0.05–0.1 for noisy ones</source>
        <translation>Anteil der Präferenzpaare, die vermutlich verkehrt herum gelabelt sind (konservatives DPO). Erlaubt [0, 0,5); 0 für saubere Labels, 0,05–0,1 für verrauschte</translation>
    </message>
    <message>
        <source>LoRA adapter</source>
        <translation>LoRA-Adapter</translation>
    </message>
    <message>
        <source>Rank r</source>
        <translation>Rang r</translation>
    </message>
    <message>
        <source>LoRA rank r: the size of each adapter; higher learns more and costs more memory. Allowed [1, 1024]; 8–16 is the usual baseline, 32–64 for large or hard tasks</source>
        <translation>LoRA-Rang r: die Größe jedes Adapters; höher lernt mehr und kostet mehr Speicher. Erlaubt [1, 1024]; 8–16 ist der übliche Ausgangswert, 32–64 für große oder schwere Aufgaben</translation>
    </message>
    <message>
        <source>Alpha</source>
        <translation>Alpha</translation>
    </message>
    <message>
        <source>LoRA alpha: the adapter update is scaled by alpha/r. Allowed (0, 1e6]; alpha = r or 2·r is usual (e.g. 16 or 32 for r 16)</source>
        <translation>LoRA-Alpha: die Adapter-Aktualisierung wird mit alpha/r skaliert. Erlaubt (0, 1e6]; alpha = r oder 2·r ist üblich (z. B. 16 oder 32 bei r 16)</translation>
    </message>
    <message>
        <source>Dropout</source>
        <translation>Dropout</translation>
    </message>
    <message>
        <source>Dropout on the adapter input during training, against overfitting small datasets. Allowed [0, 1); 0.05–0.1 is usual, 0 for large datasets</source>
        <translation>Dropout auf der Adapter-Eingabe während des Trainings, gegen Überanpassung an kleine Datensätze. Erlaubt [0, 1); 0,05–0,1 ist üblich, 0 für große Datensätze</translation>
    </message>
    <message>
        <source>Put an adapter on %1 in every layer</source>
        <translation>In jeder Schicht einen Adapter auf %1 setzen</translation>
    </message>
    <message>
        <source>Target modules</source>
        <translation>Zielmodule</translation>
    </message>
    <message>
        <source>Projections that get an adapter in every layer (at least one). All seven adapt best; q_proj + v_proj is the smallest useful set</source>
        <translation>Projektionen, die in jeder Schicht einen Adapter bekommen (mindestens eine). Alle sieben passen sich am besten an; q_proj + v_proj ist die kleinste sinnvolle Auswahl</translation>
    </message>
    <message>
        <source>rsLoRA</source>
        <translation>rsLoRA</translation>
    </message>
    <message>
        <source>Rank-stabilized LoRA: scale by alpha/sqrt(r) instead of alpha/r, so high ranks (64 and more) still learn. Off for the usual ranks 8–16</source>
        <translation>Rang-stabilisiertes LoRA: mit alpha/sqrt(r) statt alpha/r skalieren, damit hohe Ränge (64 und mehr) noch lernen. Aus für die üblichen Ränge 8–16</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>Base weights</source>
        <translation>Basisgewichte</translation>
    </message>
    <message>
        <source>nf4: base weights in 4-bit NF4 (QLoRA), about a quarter of the memory at nearly the same quality; none: original precision (plain LoRA), if memory allows</source>
        <translation>nf4: Basisgewichte in 4-Bit-NF4 (QLoRA), etwa ein Viertel des Speichers bei nahezu gleicher Qualität; none: Originalgenauigkeit (einfaches LoRA), wenn der Speicher reicht</translation>
    </message>
    <message>
        <source>Double quantization</source>
        <translation>Doppelte Quantisierung</translation>
    </message>
    <message>
        <source>Quantize the NF4 block scales again: saves about 0.37 bits per weight (about 3 GB on a 65 B model) at no measurable quality cost. Only with nf4</source>
        <translation>Die Blockskalen von NF4 erneut quantisieren: spart etwa 0,37 Bit pro Gewicht (etwa 3 GB bei einem 65-Mrd.-Modell) ohne messbaren Qualitätsverlust. Nur mit nf4</translation>
    </message>
    <message>
        <source>Optimizer and schedule</source>
        <translation>Optimierer und Zeitplan</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Peak AdamW learning rate. Allowed (0, 1]; 1e-4 to 3e-4 is usual for LoRA (2e-4 is a good start), 5e-6 to 5e-5 for DPO. Too high: the loss jumps or diverges</source>
        <translation>Höchste AdamW-Lernrate. Erlaubt (0, 1]; 1e-4 bis 3e-4 ist üblich für LoRA (2e-4 ist ein guter Anfang), 5e-6 bis 5e-5 für DPO. Zu hoch: der Verlust springt oder divergiert</translation>
    </message>
    <message>
        <source>Schedule</source>
        <translation>Zeitplan</translation>
    </message>
    <message>
        <source>How the learning rate falls after warmup: cosine (the usual choice), linear, or constant (for short runs and comparisons)</source>
        <translation>Wie die Lernrate nach dem Warmup sinkt: cosine (die übliche Wahl), linear oder constant (für kurze Läufe und Vergleiche)</translation>
    </message>
    <message>
        <source>Warmup steps</source>
        <translation>Warmup-Schritte</translation>
    </message>
    <message>
        <source>Optimizer steps of linear warmup from 0 to the peak learning rate. Allowed [0, 1e9]; 3–10 % of all steps is usual (e.g. 10–100)</source>
        <translation>Optimiererschritte mit linearem Anstieg von 0 auf die höchste Lernrate. Erlaubt [0, 1e9]; 3–10 % aller Schritte sind üblich (z. B. 10–100)</translation>
    </message>
    <message>
        <source>Weight decay</source>
        <translation>Weight Decay</translation>
    </message>
    <message>
        <source>AdamW decoupled weight decay on the LoRA parameters. Allowed [0, 1]; 0–0.1 is usual (0.01 is a safe default)</source>
        <translation>Entkoppelter AdamW-Weight-Decay auf den LoRA-Parametern. Erlaubt [0, 1]; 0–0,1 ist üblich (0,01 ist ein sicherer Standard)</translation>
    </message>
    <message>
        <source>Gradient clipping</source>
        <translation>Gradient Clipping</translation>
    </message>
    <message>
        <source>Clip the global gradient norm to this value, against loss spikes. Allowed [0, 1e6]; 0.3–1.0 is usual; 0 turns clipping off</source>
        <translation>Die globale Gradientennorm auf diesen Wert begrenzen, gegen Verlustspitzen. Erlaubt [0, 1e6]; 0,3–1,0 ist üblich; 0 schaltet die Begrenzung ab</translation>
    </message>
    <message>
        <source>Batches and length</source>
        <translation>Batches und Länge</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>Epochen</translation>
    </message>
    <message>
        <source>Passes over the training split (when max steps is 0). Allowed [1, 1000]; 1–3 is usual; more tends to memorize small datasets (watch the eval loss)</source>
        <translation>Durchläufe über den Trainings-Split (wenn „Max. Schritte“ 0 ist). Erlaubt [1, 1000]; 1–3 ist üblich; mehr lernt kleine Datensätze eher auswendig (Auswertungsverlust beobachten)</translation>
    </message>
    <message>
        <source>Max steps</source>
        <translation>Max. Schritte</translation>
    </message>
    <message>
        <source>Stop after this many optimizer steps, whatever the epochs say; 0 runs the epochs. Useful for quick trials (e.g. 50)</source>
        <translation>Nach so vielen Optimiererschritten anhalten, unabhängig von den Epochen; 0 läuft die Epochen. Nützlich für schnelle Versuche (z. B. 50)</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>Batchgröße</translation>
    </message>
    <message>
        <source>Sequences per micro-batch: more is faster but needs more memory. Allowed [1, 4096]; 1–8 is usual on one GPU, 1–2 on a CPU</source>
        <translation>Sequenzen pro Micro-Batch: mehr ist schneller, braucht aber mehr Speicher. Erlaubt [1, 4096]; 1–8 ist auf einer GPU üblich, 1–2 auf einer CPU</translation>
    </message>
    <message>
        <source>Gradient accumulation</source>
        <translation>Gradientenakkumulation</translation>
    </message>
    <message>
        <source>Micro-batches summed per optimizer step: the effective batch is batch size × this. Allowed [1, 4096]; aim for an effective batch of 16–64</source>
        <translation>Micro-Batches, die pro Optimiererschritt summiert werden: der effektive Batch ist Batchgröße × dieser Wert. Erlaubt [1, 4096]; einen effektiven Batch von 16–64 anstreben</translation>
    </message>
    <message>
        <source>Max sequence length</source>
        <translation>Max. Sequenzlänge</translation>
    </message>
    <message>
        <source>Tokens per sequence; longer examples are truncated, and memory grows with it. Allowed [16, 131072]; fit your longest typical example (often 512–2048)</source>
        <translation>Tokens pro Sequenz; längere Beispiele werden abgeschnitten, und der Speicherbedarf wächst mit. Erlaubt [16, 131072]; an Ihr längstes typisches Beispiel anpassen (oft 512–2048)</translation>
    </message>
    <message>
        <source>Packing</source>
        <translation>Packing</translation>
    </message>
    <message>
        <source>Pack several short examples into one sequence: much faster for short examples, no effect on long ones</source>
        <translation>Mehrere kurze Beispiele in eine Sequenz packen: viel schneller bei kurzen Beispielen, ohne Wirkung bei langen</translation>
    </message>
    <message>
        <source>Gradient checkpointing</source>
        <translation>Gradient Checkpointing</translation>
    </message>
    <message>
        <source>Recompute activations in the backward pass: much less memory for about 30 % more compute. Turn on when memory runs out</source>
        <translation>Aktivierungen im Rückwärtsdurchlauf neu berechnen: viel weniger Speicher für etwa 30 % mehr Rechenaufwand. Einschalten, wenn der Speicher nicht reicht</translation>
    </message>
    <message>
        <source>Evaluation and checkpoints</source>
        <translation>Auswertung und Checkpoints</translation>
    </message>
    <message>
        <source>Eval every</source>
        <translation>Auswerten alle</translation>
    </message>
    <message>
        <source>Optimizer steps between eval-loss measurements; 0 = only at the end. About 10–20 measurements per run give a readable curve</source>
        <translation>Optimiererschritte zwischen Messungen des Auswertungsverlusts; 0 = nur am Ende. Etwa 10–20 Messungen pro Lauf ergeben eine lesbare Kurve</translation>
    </message>
    <message>
        <source>Checkpoint every</source>
        <translation>Checkpoint alle</translation>
    </message>
    <message>
        <source>Optimizer steps between checkpoints, the points a stopped run resumes from; 0 = only at the end. Every 10–30 minutes of training is reasonable</source>
        <translation>Optimiererschritte zwischen Checkpoints, den Punkten, an denen ein angehaltener Lauf fortgesetzt wird; 0 = nur am Ende. Alle 10–30 Minuten Training ist sinnvoll</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Seed for adapter initialisation, dropout and data order: the same seed and data give the same run. Allowed [0, 4294967295]; any value, e.g. 42</source>
        <translation>Seed für Adapter-Initialisierung, Dropout und Datenreihenfolge: derselbe Seed und dieselben Daten ergeben denselben Lauf. Erlaubt [0, 4294967295]; beliebiger Wert, z. B. 42</translation>
    </message>
    <message>
        <source>%1: %2</source>
        <translation>%1: %2</translation>
    </message>
    <message>
        <source>recipe</source>
        <translation>Rezept</translation>
    </message>
    <message>
        <source>%1

Not valid: %2</source>
        <translation>%1

Ungültig: %2</translation>
    </message>
    <message>
        <source>base_model: choose the model to fine-tune</source>
        <translation>base_model: das feinabzustimmende Modell wählen</translation>
    </message>
    <message>
        <source>dataset_version: choose the data to train on</source>
        <translation>dataset_version: die Trainingsdaten wählen</translation>
    </message>
    <message>
        <source>✓ The recipe is valid.</source>
        <translation>✓ Das Rezept ist gültig.</translation>
    </message>
    <message>
        <source>Estimate: %1 of %2 memory (base %3, LoRA %4 with %5 trainable parameters, activations %6, logits %7); %8 optimizer steps and about %9 per epoch on %10 examples.</source>
        <translation>Schätzung: %1 von %2 Speicher (Basis %3, LoRA %4 mit %5 trainierbaren Parametern, Aktivierungen %6, Logits %7); %8 Optimiererschritte und etwa %9 pro Epoche bei %10 Beispielen.</translation>
    </message>
    <message>
        <source>GPU</source>
        <translation>GPU</translation>
    </message>
    <message>
        <source>system</source>
        <translation>System</translation>
    </message>
    <message>
        <source> &lt;b style=&apos;color:#b00020&apos;&gt;This will not fit in the %1 available: lower the batch size or sequence length, or turn on NF4 and gradient checkpointing.&lt;/b&gt;</source>
        <translation> &lt;b style=&apos;color:#b00020&apos;&gt;Das passt nicht in die verfügbaren %1: Batchgröße oder Sequenzlänge verringern oder NF4 und Gradient Checkpointing einschalten.&lt;/b&gt;</translation>
    </message>
    <message>
        <source>No model chosen.</source>
        <translation>Kein Modell gewählt.</translation>
    </message>
    <message>
        <source>%1 (%2): %3 M parameters, %4 layers, hidden %5, %6 heads (%7 KV), vocabulary %8; chat template: %9</source>
        <translation>%1 (%2): %3 Mio. Parameter, %4 Schichten, verborgene Größe %5, %6 Köpfe (%7 KV), Vokabular %8; Chat-Vorlage: %9</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>(keiner)</translation>
    </message>
    <message>
        <source>(unsaved)</source>
        <translation>(nicht gespeichert)</translation>
    </message>
    <message>
        <source>(choose a dataset version)</source>
        <translation>(Datensatzversion wählen)</translation>
    </message>
    <message>
        <source>(choose a preset)</source>
        <translation>(Vorlage wählen)</translation>
    </message>
    <message>
        <source>Load preset %1</source>
        <translation>Vorlage %1 laden</translation>
    </message>
    <message>
        <source>Open recipe</source>
        <translation>Rezept öffnen</translation>
    </message>
    <message>
        <source>Save recipe</source>
        <translation>Rezept speichern</translation>
    </message>
    <message>
        <source>Recipe name:</source>
        <translation>Name des Rezepts:</translation>
    </message>
    <message>
        <source>Import %1</source>
        <translation>%1 importieren</translation>
    </message>
    <message>
        <source>Export recipe</source>
        <translation>Rezept exportieren</translation>
    </message>
    <message>
        <source>Recipe (*.json)</source>
        <translation>Rezept (*.json)</translation>
    </message>
    <message>
        <source>Import recipe</source>
        <translation>Rezept importieren</translation>
    </message>
    <message>
        <source>Hugging Face model folder</source>
        <translation>Hugging-Face-Modellordner</translation>
    </message>
    <message>
        <source>Estimate: choose a model (Hugging Face folder or GGUF file) to see the memory and time per epoch.</source>
        <translation>Schätzung: Wählen Sie ein Modell (Hugging-Face-Ordner oder GGUF-Datei), um Speicher und Zeit pro Epoche zu sehen.</translation>
    </message>
    <message>
        <source>Hugging Face model folder…</source>
        <translation>Hugging-Face-Modellordner…</translation>
    </message>
    <message>
        <source>GGUF file…</source>
        <translation>GGUF-Datei…</translation>
    </message>
    <message>
        <source>GGUF model file</source>
        <translation>GGUF-Modelldatei</translation>
    </message>
    <message>
        <source>GGUF model (*.gguf)</source>
        <translation>GGUF-Modell (*.gguf)</translation>
    </message>
</context>
<context>
    <name>RecipeGateSection</name>
    <message>
        <source>Go / no-go gate (set before training)</source>
        <translation>Go-/No-Go-Schwelle (vor dem Training festgelegt)</translation>
    </message>
    <message>
        <source>A run is judged by the thresholds of the evaluation suites ticked here, as they stand when the run starts; later changes to a suite do not move its verdict. The thresholds belong to the suites (the same ones as on Evaluate &amp; Compare ▸ Suites).</source>
        <translation>Ein Lauf wird nach den Schwellenwerten der hier angehakten Evaluations-Suiten beurteilt, so wie sie beim Start des Laufs sind; spätere Änderungen an einer Suite verschieben sein Urteil nicht. Die Schwellenwerte gehören zu den Suiten (dieselben wie unter Evaluieren &amp; Vergleichen ▸ Suiten).</translation>
    </message>
    <message>
        <source>Tick the held-out evaluation suites whose go/no-go thresholds decide whether this recipe&apos;s adapters may ship. Define suites on Evaluate &amp; Compare ▸ Suites; at least one with a threshold is needed before a run can start</source>
        <translation>Haken Sie die zurückgehaltenen Evaluations-Suiten an, deren Go-/No-Go-Schwellenwerte entscheiden, ob die Adapter dieses Rezepts ausgeliefert werden dürfen. Suiten legen Sie unter Evaluieren &amp; Vergleichen ▸ Suiten an; vor dem Start eines Laufs wird mindestens eine mit einem Schwellenwert benötigt</translation>
    </message>
    <message>
        <source>Add threshold</source>
        <translation>Schwellenwert hinzufügen</translation>
    </message>
    <message>
        <source>Add a threshold row to the selected suite</source>
        <translation>Der gewählten Suite eine Schwellenwert-Zeile hinzufügen</translation>
    </message>
    <message>
        <source>Remove threshold</source>
        <translation>Schwellenwert entfernen</translation>
    </message>
    <message>
        <source>Remove the selected threshold row</source>
        <translation>Die gewählte Schwellenwert-Zeile entfernen</translation>
    </message>
    <message>
        <source>Save thresholds</source>
        <translation>Schwellenwerte speichern</translation>
    </message>
    <message>
        <source>Validate and store these thresholds in the suite (they are the suite&apos;s, so Evaluate ▸ Suites shows them too)</source>
        <translation>Diese Schwellenwerte prüfen und in der Suite speichern (sie gehören der Suite, daher zeigt Evaluieren ▸ Suiten sie ebenfalls)</translation>
    </message>
    <message>
        <source>Move these numbers into the gate suites</source>
        <translation>Diese Zahlen in die Suiten der Schwelle übernehmen</translation>
    </message>
    <message>
        <source>Write each old number into the suite and metric named above (the suites are saved) and remove it from the recipe; numbers that fit no suite stay in the recipe</source>
        <translation>Jede alte Zahl in die oben genannte Suite und Metrik schreiben (die Suiten werden gespeichert) und aus dem Rezept entfernen; Zahlen, die zu keiner Suite passen, bleiben im Rezept</translation>
    </message>
    <message>
        <source>No thresholds yet: select it and add at least one below</source>
        <translation>Noch keine Schwellenwerte: wählen Sie sie aus und fügen Sie unten mindestens einen hinzu</translation>
    </message>
    <message>
        <source>%1 — not in this project</source>
        <translation>%1 — nicht in diesem Projekt</translation>
    </message>
    <message>
        <source>The recipe names this suite, but the project has none by that name (a recipe imported from another project?). Untick it, or create the suite on Evaluate &amp; Compare ▸ Suites</source>
        <translation>Das Rezept nennt diese Suite, aber das Projekt hat keine dieses Namens (ein aus einem anderen Projekt importiertes Rezept?). Entfernen Sie den Haken oder legen Sie die Suite unter Evaluieren &amp; Vergleichen ▸ Suiten an</translation>
    </message>
    <message>
        <source>This project has no evaluation suites yet. Build the held-out set and its thresholds first: Evaluate &amp; Compare ▸ Suites ▸ New suite.</source>
        <translation>Dieses Projekt hat noch keine Evaluations-Suiten. Legen Sie zuerst die zurückgehaltene Menge und ihre Schwellenwerte an: Evaluieren &amp; Vergleichen ▸ Suiten ▸ Neue Suite.</translation>
    </message>
    <message>
        <source>Select a suite to see and edit its thresholds.</source>
        <translation>Wählen Sie eine Suite, um ihre Schwellenwerte zu sehen und zu bearbeiten.</translation>
    </message>
    <message>
        <source>Thresholds of &apos;%1&apos; (stored in the suite):</source>
        <translation>Schwellenwerte von „%1“ (in der Suite gespeichert):</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Thresholds saved in the suite. Runs started from now on are judged by them.</source>
        <translation>Schwellenwerte in der Suite gespeichert. Ab jetzt gestartete Läufe werden danach beurteilt.</translation>
    </message>
    <message>
        <source>This recipe still holds go/no-go numbers of its own, written by an older version: %1. No verdict uses them — runs are judged by the gate suites&apos; thresholds — so they are kept here until you move them.</source>
        <translation>Dieses Rezept enthält noch eigene Go-/No-Go-Zahlen aus einer älteren Version: %1. Kein Urteil verwendet sie – Läufe werden nach den Schwellenwerten der Suiten beurteilt –, daher bleiben sie hier, bis Sie sie übernehmen.</translation>
    </message>
    <message>
        <source>Moving them does:</source>
        <translation>Die Übernahme bewirkt:</translation>
    </message>
    <message>
        <source>Stays in the recipe (tick a fitting suite first):</source>
        <translation>Bleibt im Rezept (haken Sie zuerst eine passende Suite an):</translation>
    </message>
    <message>
        <source>Move old thresholds into the gate suites</source>
        <translation>Alte Schwellenwerte in die Suiten übernehmen</translation>
    </message>
    <message>
        <source>Moved: %1.</source>
        <translation>Übernommen: %1.</translation>
    </message>
    <message>
        <source>Not moved: %1</source>
        <translation>Nicht übernommen: %1</translation>
    </message>
    <message>
        <source>%1

Not valid: %2</source>
        <translation>%1

Ungültig: %2</translation>
    </message>
    <message>
        <source>%1 — split &apos;%2&apos;, thresholds: %3</source>
        <translation>%1 — Split „%2“, Schwellenwerte: %3</translation>
    </message>
</context>
<context>
    <name>RecipesPage</name>
    <message>
        <source>Recipes</source>
        <translation>Rezepte</translation>
    </message>
    <message>
        <source>Training recipes: the base model, the LoRA rank, alpha and target layers, 4-bit quantization, the learning rate and schedule, and the data a run uses. Each recipe is checked before a run can start.</source>
        <translation>Trainingsrezepte: das Basismodell, LoRA-Rang, Alpha und Zielschichten, 4-Bit-Quantisierung, Lernrate und Zeitplan und die Daten, die ein Lauf verwendet. Jedes Rezept wird geprüft, bevor ein Lauf starten kann.</translation>
    </message>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Start run</source>
        <translation>Lauf starten</translation>
    </message>
</context>
<context>
    <name>RecordReader</name>
    <message>
        <source>line is %1 bytes, over the limit of %2 bytes</source>
        <translation>Zeile hat %1 Bytes, über der Grenze von %2 Bytes</translation>
    </message>
    <message>
        <source>line is not valid UTF-8</source>
        <translation>Zeile ist kein gültiges UTF-8</translation>
    </message>
    <message>
        <source>malformed JSON at byte %1: %2</source>
        <translation>fehlerhaftes JSON bei Byte %1: %2</translation>
    </message>
    <message>
        <source>line is JSON but not an object</source>
        <translation>Zeile ist JSON, aber kein Objekt</translation>
    </message>
    <message>
        <source>row has %1 fields, the header has %2</source>
        <translation>Zeile hat %1 Felder, die Kopfzeile hat %2</translation>
    </message>
    <message>
        <source>field &apos;%1&apos; is not valid UTF-8</source>
        <translation>Feld „%1“ ist kein gültiges UTF-8</translation>
    </message>
    <message>
        <source>record is %1 bytes, over the limit of %2 bytes</source>
        <translation>Datensatz hat %1 Bytes, über der Grenze von %2 Bytes</translation>
    </message>
</context>
<context>
    <name>RunCharts</name>
    <message>
        <source>step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Export charts as PNG…</source>
        <translation>Diagramme als PNG exportieren …</translation>
    </message>
    <message>
        <source>Export charts</source>
        <translation>Diagramme exportieren</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG-Bild (*.png)</translation>
    </message>
    <message>
        <source>Export charts as PDF…</source>
        <translation>Diagramme als PDF exportieren …</translation>
    </message>
    <message>
        <source>PDF document (*.pdf)</source>
        <translation>PDF-Dokument (*.pdf)</translation>
    </message>
    <message>
        <source>Export metrics as CSV…</source>
        <translation>Metriken als CSV exportieren …</translation>
    </message>
    <message>
        <source>Export metrics</source>
        <translation>Metriken exportieren</translation>
    </message>
    <message>
        <source>CSV file (*.csv)</source>
        <translation>CSV-Datei (*.csv)</translation>
    </message>
    <message>
        <source>Training loss</source>
        <translation>Trainingsverlust</translation>
    </message>
    <message>
        <source>Eval loss</source>
        <translation>Auswertungsverlust</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>Lernrate</translation>
    </message>
    <message>
        <source>Gradient norm</source>
        <translation>Gradientennorm</translation>
    </message>
    <message>
        <source>Throughput</source>
        <translation>Durchsatz</translation>
    </message>
    <message>
        <source>Peak memory</source>
        <translation>Spitzenspeicher</translation>
    </message>
    <message>
        <source>Training charts</source>
        <translation>Trainingsdiagramme</translation>
    </message>
    <message>
        <source>Export charts as SVG…</source>
        <translation>Diagramme als SVG exportieren …</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG-Bild (*.svg)</translation>
    </message>
</context>
<context>
    <name>RunListModel</name>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min %2 s</source>
        <translation>%1 min %2 s</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 / %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <source>#</source>
        <translation>#</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>Lauf</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>Schritt</translation>
    </message>
    <message>
        <source>Loss</source>
        <translation>Verlust</translation>
    </message>
    <message>
        <source>Started</source>
        <translation>Gestartet</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
</context>
<context>
    <name>RunService</name>
    <message>
        <source>cannot create the run folder %1</source>
        <translation>Der Laufordner %1 kann nicht angelegt werden</translation>
    </message>
    <message>
        <source>split &apos;%1&apos; of dataset version %2 is empty</source>
        <translation>Split „%1“ der Datensatzversion %2 ist leer</translation>
    </message>
    <message>
        <source>the trainer stopped without a reason</source>
        <translation>Der Trainer hat ohne Angabe eines Grundes angehalten</translation>
    </message>
    <message>
        <source>run %1 finished without an adapter file (%2): no version registered</source>
        <translation>Lauf %1 endete ohne Adapterdatei (%2): keine Version registriert</translation>
    </message>
</context>
<context>
    <name>RunsPage</name>
    <message>
        <source>Runs</source>
        <translation>Läufe</translation>
    </message>
    <message>
        <source>Fine-tuning runs of this project: progress, live loss and learning-rate charts, and the adapter each run produces. Every step&apos;s metrics are stored in the project, so charts come back after a restart.</source>
        <translation>Fine-Tuning-Läufe dieses Projekts: Fortschritt, Live-Diagramme von Verlust und Lernrate und der Adapter, den jeder Lauf erzeugt. Die Metriken jedes Schritts werden im Projekt gespeichert, daher sind die Diagramme nach einem Neustart wieder da.</translation>
    </message>
    <message>
        <source>Adapter versions</source>
        <translation>Adapter-Versionen</translation>
    </message>
</context>
<context>
    <name>RunsView</name>
    <message>
        <source>Select several runs (Ctrl+click) to overlay their curves.</source>
        <translation>Mehrere Läufe auswählen (Strg+Klick), um ihre Kurven zu überlagern.</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>Starten</translation>
    </message>
    <message>
        <source>Put the selected queued run in line; runs go one at a time.</source>
        <translation>Den ausgewählten wartenden Lauf einreihen; Läufe laufen nacheinander.</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>Pausieren</translation>
    </message>
    <message>
        <source>Hold the run at its next step; memory stays allocated.</source>
        <translation>Den Lauf beim nächsten Schritt anhalten; der Speicher bleibt belegt.</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>Fortsetzen</translation>
    </message>
    <message>
        <source>Continue a paused run, or an interrupted one from its last checkpoint.</source>
        <translation>Einen pausierten Lauf fortsetzen oder einen unterbrochenen ab seinem letzten Checkpoint.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the run at its next step and keep what it wrote.</source>
        <translation>Den Lauf beim nächsten Schritt beenden und behalten, was er geschrieben hat.</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren …</translation>
    </message>
    <message>
        <source>step %v of %m</source>
        <translation>Schritt %v von %m</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>Log</source>
        <translation>Protokoll</translation>
    </message>
    <message>
        <source>run %1: %2</source>
        <translation>Lauf %1: %2</translation>
    </message>
    <message>
        <source>error: %1</source>
        <translation>Fehler: %1</translation>
    </message>
    <message>
        <source>#%1 %2</source>
        <translation>#%1 %2</translation>
    </message>
    <message>
        <source>&lt;p&gt;No run selected. Start one from a recipe on the Recipes page.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Kein Lauf ausgewählt. Starten Sie einen aus einem Rezept auf der Seite Rezepte.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>&lt;p&gt;%1 runs selected: their curves are overlaid below.&lt;/p&gt;</source>
        <translation>&lt;p&gt;%1 Läufe ausgewählt: ihre Kurven sind unten überlagert.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>Dataset version</source>
        <translation>Datensatzversion</translation>
    </message>
    <message>
        <source>Device</source>
        <translation>Gerät</translation>
    </message>
    <message>
        <source>not started</source>
        <translation>nicht gestartet</translation>
    </message>
    <message>
        <source>Duration</source>
        <translation>Dauer</translation>
    </message>
    <message>
        <source>Final training loss</source>
        <translation>Letzter Trainingsverlust</translation>
    </message>
    <message>
        <source>Final eval loss</source>
        <translation>Letzter Auswertungsverlust</translation>
    </message>
    <message>
        <source>Output folder</source>
        <translation>Ausgabeordner</translation>
    </message>
    <message>
        <source>Last checkpoint</source>
        <translation>Letzter Checkpoint</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>Fehler:</translation>
    </message>
    <message>
        <source>What to change:</source>
        <translation>Was zu ändern ist:</translation>
    </message>
    <message>
        <source>&lt;p&gt;The application stopped while this run was training. Resume continues from its last checkpoint.&lt;/p&gt;</source>
        <translation>&lt;p&gt;Die Anwendung wurde beendet, während dieser Lauf trainierte. Fortsetzen macht ab seinem letzten Checkpoint weiter.&lt;/p&gt;</translation>
    </message>
    <message>
        <source>Recipe snapshot</source>
        <translation>Rezept-Momentaufnahme</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Could not write %1. %2</source>
        <translation>%1 konnte nicht geschrieben werden. %2</translation>
    </message>
    <message>
        <source>Go / no-go gate</source>
        <translation>Go-/No-Go-Schwelle</translation>
    </message>
    <message>
        <source>None: this run was started without evaluation suites, so its adapter is judged by each suite&apos;s thresholds at evaluation time.</source>
        <translation>Keine: Dieser Lauf wurde ohne Evaluations-Suiten gestartet, daher wird sein Adapter nach den Schwellenwerten beurteilt, die jede Suite zum Zeitpunkt der Evaluation hat.</translation>
    </message>
    <message>
        <source>Judged by these thresholds, fixed when the run was started (%1):</source>
        <translation>Beurteilt nach diesen Schwellenwerten, festgelegt beim Start des Laufs (%1):</translation>
    </message>
    <message>
        <source>(the suite no longer exists)</source>
        <translation>(die Suite existiert nicht mehr)</translation>
    </message>
    <message>
        <source>(the suite has changed since: now %1; this run keeps its own)</source>
        <translation>(die Suite wurde seitdem geändert: jetzt %1; dieser Lauf behält seine)</translation>
    </message>
    <message>
        <source>The recipe also held old-style numbers that no verdict uses: %1.</source>
        <translation>Das Rezept enthielt außerdem alte Zahlen, die kein Urteil verwendet: %1.</translation>
    </message>
    <message>
        <source>Save the charts as PNG, SVG or PDF, or the metrics as CSV.</source>
        <translation>Die Diagramme als PNG, SVG oder PDF oder die Metriken als CSV speichern.</translation>
    </message>
    <message>
        <source>PNG image (*.png);;SVG image (*.svg);;PDF document (*.pdf);;CSV metrics (*.csv)</source>
        <translation>PNG-Bild (*.png);;SVG-Bild (*.svg);;PDF-Dokument (*.pdf);;CSV-Metriken (*.csv)</translation>
    </message>
</context>
<context>
    <name>ShortcutHelpOverlay</name>
    <message>
        <source>&lt;h2&gt;Keyboard shortcuts&lt;/h2&gt;</source>
        <translation>&lt;h2&gt;Tastenkürzel&lt;/h2&gt;</translation>
    </message>
    <message>
        <source>Press ? , F1 or Esc to close</source>
        <translation>? , F1 oder Esc schließt</translation>
    </message>
</context>
<context>
    <name>SplitDialog</name>
    <message>
        <source>Make eval split</source>
        <translation>Auswertungs-Split bilden</translation>
    </message>
    <message>
        <source>Holds out a share of every label&apos;s examples for evaluation, chosen by the seed (the same seed gives the same split). Examples flagged edge case go to eval by their own share; general-capability examples form the &apos;general&apos; split. The result is a new version; this one is not changed.</source>
        <translation>Hält einen Anteil der Beispiele jedes Labels für die Auswertung zurück, ausgewählt über den Seed (derselbe Seed ergibt dieselbe Aufteilung). Als Grenzfall markierte Beispiele gehen mit eigenem Anteil in die Auswertung; Beispiele allgemeiner Fähigkeiten bilden den Split „general“. Das Ergebnis ist eine neue Version; diese hier bleibt unverändert.</translation>
    </message>
    <message>
        <source>General-capability examples form their own split</source>
        <translation>Beispiele allgemeiner Fähigkeiten bilden einen eigenen Split</translation>
    </message>
    <message>
        <source>Eval fraction</source>
        <translation>Auswertungsanteil</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Seed</translation>
    </message>
    <message>
        <source>Edge cases in eval (share)</source>
        <translation>Grenzfälle in der Auswertung (Anteil)</translation>
    </message>
    <message>
        <source>Make split</source>
        <translation>Split bilden</translation>
    </message>
    <message>
        <source>Making the split…</source>
        <translation>Der Split wird gebildet …</translation>
    </message>
    <message>
        <source>Could not make the split.

%1</source>
        <translation>Der Split konnte nicht gebildet werden.

%1</translation>
    </message>
</context>
<context>
    <name>StartPage</name>
    <message>
        <source>Tuning Studio</source>
        <translation>Tuning Studio</translation>
    </message>
    <message>
        <source>Fine-tune small language models on your own data, on your own computer: datasets, annotation, QLoRA training runs and evaluation in one project file.</source>
        <translation>Kleine Sprachmodelle auf eigenen Daten und auf dem eigenen Rechner feinabstimmen: Datensätze, Annotation, QLoRA-Trainingsläufe und Auswertung in einer Projektdatei.</translation>
    </message>
    <message>
        <source>&amp;New Project…</source>
        <translation>&amp;Neues Projekt …</translation>
    </message>
    <message>
        <source>&amp;Open Project…</source>
        <translation>Projekt ö&amp;ffnen …</translation>
    </message>
    <message>
        <source>Create an empty project file (Ctrl+N)</source>
        <translation>Eine leere Projektdatei anlegen (Strg+N)</translation>
    </message>
    <message>
        <source>Open an existing project file (Ctrl+O)</source>
        <translation>Eine vorhandene Projektdatei öffnen (Strg+O)</translation>
    </message>
    <message>
        <source>New here? Start with the demo</source>
        <translation>Neu hier? Beginnen Sie mit der Demo</translation>
    </message>
    <message>
        <source>A support-ticket triage project with sample data, deliberate edge cases and a recipe that trains on this computer&apos;s CPU with a small model. Nothing to download.</source>
        <translation>Ein Projekt zur Triage von Support-Tickets mit Beispieldaten, gezielten Grenzfällen und einem Rezept, das mit einem kleinen Modell auf der CPU dieses Rechners trainiert. Kein Download nötig.</translation>
    </message>
    <message>
        <source>Open &amp;Demo Project</source>
        <translation>&amp;Demo-Projekt öffnen</translation>
    </message>
    <message>
        <source>Create the demo project on first use and open it (the same as starting tuning-studio --demo)</source>
        <translation>Das Demo-Projekt beim ersten Mal anlegen und öffnen (wie der Start mit tuning-studio --demo)</translation>
    </message>
    <message>
        <source>Recent projects</source>
        <translation>Zuletzt geöffnete Projekte</translation>
    </message>
    <message>
        <source>No recent projects yet. Projects you create or open are listed here.</source>
        <translation>Noch keine zuletzt geöffneten Projekte. Projekte, die Sie anlegen oder öffnen, erscheinen hier.</translation>
    </message>
</context>
<context>
    <name>StatisticsView</name>
    <message>
        <source>Labels</source>
        <translation>Labels</translation>
    </message>
    <message>
        <source>Length</source>
        <translation>Länge</translation>
    </message>
    <message>
        <source>Duplicates, edge cases, general capability</source>
        <translation>Duplikate, Grenzfälle, allgemeine Fähigkeiten</translation>
    </message>
    <message>
        <source>No dataset version selected.</source>
        <translation>Keine Datensatzversion ausgewählt.</translation>
    </message>
    <message>
        <source>%1 examples · train %2 · eval %3 · general %4 · unassigned %5 · mean length %6 characters</source>
        <translation>%1 Beispiele · train %2 · eval %3 · general %4 · nicht zugeordnet %5 · mittlere Länge %6 Zeichen</translation>
    </message>
    <message>
        <source>Splits (no classification labels)</source>
        <translation>Splits (keine Klassifikationslabels)</translation>
    </message>
    <message>
        <source>train</source>
        <translation>train</translation>
    </message>
    <message>
        <source>eval</source>
        <translation>eval</translation>
    </message>
    <message>
        <source>general</source>
        <translation>general</translation>
    </message>
    <message>
        <source>unassigned</source>
        <translation>nicht zugeordnet</translation>
    </message>
    <message>
        <source>examples</source>
        <translation>Beispiele</translation>
    </message>
    <message>
        <source>characters (input + output)</source>
        <translation>Zeichen (Eingabe + Ausgabe)</translation>
    </message>
    <message>
        <source>duplicates</source>
        <translation>Duplikate</translation>
    </message>
    <message>
        <source>edge cases</source>
        <translation>Grenzfälle</translation>
    </message>
    <message>
        <source>general capability</source>
        <translation>allgemeine Fähigkeiten</translation>
    </message>
    <message>
        <source>% of examples</source>
        <translation>% der Beispiele</translation>
    </message>
    <message>
        <source>tokens per example, as training sees it</source>
        <translation>Tokens pro Beispiel, wie das Training es sieht</translation>
    </message>
    <message>
        <source>, %1 tokens (longest %2)</source>
        <translation>, %1 Tokens (längstes %2)</translation>
    </message>
    <message>
        <source> · %1 longer than max_seq_len %2</source>
        <translation> · %1 länger als max_seq_len %2</translation>
    </message>
    <message>
        <source>max_seq_len %1</source>
        <translation>max_seq_len %1</translation>
    </message>
</context>
<context>
    <name>SuitesPanel</name>
    <message>
        <source>&amp;New suite</source>
        <translation>&amp;Neue Suite</translation>
    </message>
    <message>
        <source>Define a new evaluation suite (Ctrl+Shift+N)</source>
        <translation>Eine neue Auswertungs-Suite anlegen (Strg+Umschalt+N)</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the selected suite and its stored evaluations</source>
        <translation>Die ausgewählte Suite und ihre gespeicherten Auswertungen löschen</translation>
    </message>
    <message>
        <source>&amp;Name</source>
        <translation>&amp;Name</translation>
    </message>
    <message>
        <source>The frozen dataset version the suite evaluates on</source>
        <translation>Die eingefrorene Datensatzversion, auf der die Suite auswertet</translation>
    </message>
    <message>
        <source>&amp;Dataset version</source>
        <translation>&amp;Datensatzversion</translation>
    </message>
    <message>
        <source>Which split&apos;s examples are evaluated; &apos;general&apos; holds general-ability prompts for regression checks against the base model</source>
        <translation>Welcher Split ausgewertet wird; „general“ enthält Prompts zu allgemeinen Fähigkeiten, um Rückgänge gegenüber dem Basismodell zu prüfen</translation>
    </message>
    <message>
        <source>&amp;Split</source>
        <translation>&amp;Split</translation>
    </message>
    <message>
        <source>Metrics</source>
        <translation>Metriken</translation>
    </message>
    <message>
        <source>Metrics with options, as a JSON list (schema_valid, regex_match, accuracy with label_field, exact_match with normalisation options)</source>
        <translation>Metriken mit Optionen als JSON-Liste (schema_valid, regex_match, accuracy mit label_field, exact_match mit Normalisierungsoptionen)</translation>
    </message>
    <message>
        <source>Metrics with options</source>
        <translation>Metriken mit Optionen</translation>
    </message>
    <message>
        <source>Go / no-go thresholds</source>
        <translation>Go/No-Go-Schwellen</translation>
    </message>
    <message>
        <source>Add threshold</source>
        <translation>Schwelle hinzufügen</translation>
    </message>
    <message>
        <source>Remove threshold</source>
        <translation>Schwelle entfernen</translation>
    </message>
    <message>
        <source>&amp;Save suite</source>
        <translation>Suite &amp;speichern</translation>
    </message>
    <message>
        <source>Validate and save the suite (Ctrl+S)</source>
        <translation>Die Suite prüfen und speichern (Strg+S)</translation>
    </message>
    <message>
        <source>Choose a dataset version: a suite evaluates on the examples of one frozen version.</source>
        <translation>Wählen Sie eine Datensatzversion: eine Suite wertet die Beispiele einer eingefrorenen Version aus.</translation>
    </message>
    <message>
        <source>Not saved: %1</source>
        <translation>Nicht gespeichert: %1</translation>
    </message>
    <message>
        <source>Delete suite</source>
        <translation>Suite löschen</translation>
    </message>
    <message>
        <source>Delete the suite %1 and all its stored evaluations?</source>
        <translation>Die Suite %1 und alle ihre gespeicherten Auswertungen löschen?</translation>
    </message>
    <message>
        <source>Also edited in a recipe&apos;s go / no-go gate. A run fixes these thresholds when it starts: changing them later does not change the verdict on its adapter.</source>
        <translation>Wird auch in der Go-/No-Go-Schwelle eines Rezepts bearbeitet. Ein Lauf legt diese Schwellenwerte bei seinem Start fest: Spätere Änderungen ändern das Urteil über seinen Adapter nicht.</translation>
    </message>
    <message>
        <source>%1 v%2 (general capability)</source>
        <translation>%1 v%2 (Allgemeinfähigkeit)</translation>
    </message>
</context>
<context>
    <name>ThresholdTable</name>
    <message>
        <source>Metric</source>
        <translation>Metrik</translation>
    </message>
    <message>
        <source>Threshold</source>
        <translation>Schwellenwert</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>Art</translation>
    </message>
    <message>
        <source>min: the value must be at least the threshold; max: at most; max regression vs base: at most this many points worse than the base model&apos;s latest evaluation (percentage points for rates)</source>
        <translation>min: der Wert muss mindestens den Schwellenwert erreichen; max: höchstens; max. Rückgang ggü. Basis: höchstens so viele Punkte schlechter als die letzte Evaluation des Basismodells (Prozentpunkte bei Raten)</translation>
    </message>
    <message>
        <source>The metric this threshold gates (one the suite measures)</source>
        <translation>Die Metrik, die dieser Schwellenwert prüft (eine, die die Suite misst)</translation>
    </message>
    <message>
        <source>The limit: a rate from 0 to 1 for min/max, points (percentage points for rates) for a regression</source>
        <translation>Die Grenze: eine Rate von 0 bis 1 für min/max, Punkte (Prozentpunkte bei Raten) für einen Rückgang</translation>
    </message>
    <message>
        <source>min (at least)</source>
        <translation>min (mindestens)</translation>
    </message>
    <message>
        <source>max (at most)</source>
        <translation>max (höchstens)</translation>
    </message>
    <message>
        <source>max regression vs base (points)</source>
        <translation>max. Rückgang ggü. Basis (Punkte)</translation>
    </message>
    <message>
        <source>Threshold row %1: choose the metric it gates.</source>
        <translation>Schwellenwert-Zeile %1: Wählen Sie die Metrik, die sie prüft.</translation>
    </message>
</context>
<context>
    <name>TokenLengthBar</name>
    <message>
        <source>Stop</source>
        <translation>Anhalten</translation>
    </message>
    <message>
        <source>Stop counting; the lengths counted so far are kept</source>
        <translation>Zählen anhalten; die bisher gezählten Längen bleiben erhalten</translation>
    </message>
    <message>
        <source>Count</source>
        <translation>Zählen</translation>
    </message>
    <message>
        <source>Count the lengths of the examples that have none yet</source>
        <translation>Die Längen der Beispiele zählen, die noch keine haben</translation>
    </message>
    <message>
        <source>Model…</source>
        <translation>Modell…</translation>
    </message>
    <message>
        <source>Whose tokens the lengths are counted in</source>
        <translation>In wessen Tokens die Längen gezählt werden</translation>
    </message>
    <message>
        <source>Model folder…</source>
        <translation>Modellordner…</translation>
    </message>
    <message>
        <source>Model folder (with tokenizer.json or tokenizer.model)</source>
        <translation>Modellordner (mit tokenizer.json oder tokenizer.model)</translation>
    </message>
    <message>
        <source>GGUF or tokenizer file…</source>
        <translation>GGUF- oder Tokenizer-Datei…</translation>
    </message>
    <message>
        <source>Model or tokenizer file</source>
        <translation>Modell- oder Tokenizer-Datei</translation>
    </message>
    <message>
        <source>Models and tokenizers (*.gguf tokenizer.json *.model);;All files (*)</source>
        <translation>Modelle und Tokenizer (*.gguf tokenizer.json *.model);;Alle Dateien (*)</translation>
    </message>
    <message>
        <source>Follow the recipe&apos;s base model</source>
        <translation>Dem Basismodell des Rezepts folgen</translation>
    </message>
    <message>
        <source>%1 examples could not be counted (%2)</source>
        <translation>%1 Beispiele konnten nicht gezählt werden (%2)</translation>
    </message>
    <message>
        <source>Counting lengths in %1 tokens: %2 of %3 examples</source>
        <translation>Längen in %1-Tokens werden gezählt: %2 von %3 Beispielen</translation>
    </message>
    <message>
        <source>No model is known for token lengths yet: set a base model in a recipe or choose one on the Datasets page. Examples without a length are kept.</source>
        <translation>Für Token-Längen ist noch kein Modell bekannt: ein Basismodell in einem Rezept festlegen oder auf der Seite Datensätze eines wählen. Beispiele ohne Länge bleiben erhalten.</translation>
    </message>
    <message>
        <source>Lengths are in %1 tokens (%2).</source>
        <translation>Längen in %1-Tokens (%2).</translation>
    </message>
    <message>
        <source>%1 examples are not counted yet and are kept.</source>
        <translation>%1 Beispiele sind noch nicht gezählt und bleiben erhalten.</translation>
    </message>
    <message>
        <source>Token lengths: %1</source>
        <translation>Token-Längen: %1</translation>
    </message>
    <message>
        <source>Counting lengths in %1 tokens…</source>
        <translation>Längen in %1-Tokens werden gezählt…</translation>
    </message>
    <message>
        <source>Token lengths: no model yet - set a base model in a recipe, or choose one with Model…</source>
        <translation>Token-Längen: noch kein Modell – ein Basismodell in einem Rezept festlegen oder mit Modell… wählen</translation>
    </message>
    <message>
        <source>Token lengths in %1 tokens (%2); %3 examples not counted yet</source>
        <translation>Token-Längen in %1-Tokens (%2); %3 Beispiele noch nicht gezählt</translation>
    </message>
    <message>
        <source>Token lengths in %1 tokens (%2), as training will see them</source>
        <translation>Token-Längen in %1-Tokens (%2), wie das Training sie sieht</translation>
    </message>
    <message>
        <source>Examples not counted yet are kept.</source>
        <translation>Noch nicht gezählte Beispiele bleiben erhalten.</translation>
    </message>
    <message>
        <source>Token lengths in %1 tokens (%2); some examples not counted yet</source>
        <translation>Token-Längen in %1-Tokens (%2); einige Beispiele noch nicht gezählt</translation>
    </message>
</context>
<context>
    <name>TokenLengths</name>
    <message>
        <source>chosen for this project</source>
        <translation>für dieses Projekt gewählt</translation>
    </message>
    <message>
        <source>base model of recipe “%1”</source>
        <translation>Basismodell des Rezepts „%1“</translation>
    </message>
    <message>
        <source>base model of run “%1”</source>
        <translation>Basismodell des Laufs „%1“</translation>
    </message>
</context>
<context>
    <name>VersionsPanel</name>
    <message>
        <source>Base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>Hugging Face folder or .gguf file of the base model</source>
        <translation>Hugging-Face-Ordner oder .gguf-Datei des Basismodells</translation>
    </message>
    <message>
        <source>The model that the base-model row evaluates; adapter versions use the base model they were trained on.</source>
        <translation>Das Modell, das die Basismodell-Zeile auswertet; Adapter-Versionen verwenden das Basismodell, auf dem sie trainiert wurden.</translation>
    </message>
    <message>
        <source>Suite</source>
        <translation>Suite</translation>
    </message>
    <message>
        <source>The suite Evaluate runs</source>
        <translation>Die Suite, die Auswerten ausführt</translation>
    </message>
    <message>
        <source>&amp;Evaluate</source>
        <translation>&amp;Auswerten</translation>
    </message>
    <message>
        <source>Evaluate the selected row on the chosen suite</source>
        <translation>Die ausgewählte Zeile auf der gewählten Suite auswerten</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop the running evaluation</source>
        <translation>Die laufende Auswertung beenden</translation>
    </message>
    <message>
        <source>%v / %m examples</source>
        <translation>%v / %m Beispiele</translation>
    </message>
    <message>
        <source>&amp;Promote to production</source>
        <translation>In &amp;Produktion übernehmen</translation>
    </message>
    <message>
        <source>Make the selected version the production adapter; the current one is archived</source>
        <translation>Die ausgewählte Version zum Produktionsadapter machen; der bisherige wird archiviert</translation>
    </message>
    <message>
        <source>&amp;Roll back</source>
        <translation>Zu&amp;rückrollen</translation>
    </message>
    <message>
        <source>Put the previous production version back into production</source>
        <translation>Die vorherige Produktionsversion wieder in die Produktion bringen</translation>
    </message>
    <message>
        <source>Export adapter…</source>
        <translation>Adapter exportieren …</translation>
    </message>
    <message>
        <source>Copy the PEFT adapter folder (adapter_config.json + adapter_model.safetensors)</source>
        <translation>Den PEFT-Adapterordner kopieren (adapter_config.json + adapter_model.safetensors)</translation>
    </message>
    <message>
        <source>Export merged model…</source>
        <translation>Zusammengeführtes Modell exportieren …</translation>
    </message>
    <message>
        <source>Merge the adapter into its base model and write a transformers folder (bfloat16); this cannot be interrupted</source>
        <translation>Den Adapter in sein Basismodell einrechnen und einen transformers-Ordner schreiben (bfloat16); das lässt sich nicht unterbrechen</translation>
    </message>
    <message>
        <source>Write the adapter as a GGUF LoRA file for llama.cpp (--lora FILE) and Ollama (ADAPTER FILE in a Modelfile), on top of the base model&apos;s GGUF</source>
        <translation>Den Adapter als GGUF-LoRA-Datei für llama.cpp (--lora DATEI) und Ollama (ADAPTER DATEI in einer Modelfile) schreiben, zur Verwendung auf dem GGUF des Basismodells</translation>
    </message>
    <message>
        <source>Export GGUF LoRA…</source>
        <translation>GGUF-LoRA exportieren …</translation>
    </message>
    <message>
        <source>F16</source>
        <translation>F16</translation>
    </message>
    <message>
        <source>F32</source>
        <translation>F32</translation>
    </message>
    <message>
        <source>Number format of the GGUF LoRA tensors: F16 is half the size and what llama.cpp and Ollama usually load; F32 keeps the trained values exactly</source>
        <translation>Zahlenformat der GGUF-LoRA-Tensoren: F16 ist halb so groß und das, was llama.cpp und Ollama üblicherweise laden; F32 behält die trainierten Werte exakt</translation>
    </message>
    <message>
        <source>Stage history of the selected version</source>
        <translation>Stufenverlauf der ausgewählten Version</translation>
    </message>
    <message>
        <source>When</source>
        <translation>Wann</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Nach</translation>
    </message>
    <message>
        <source>Reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>Evaluation finished: GO</source>
        <translation>Auswertung beendet: GO</translation>
    </message>
    <message>
        <source>Evaluation finished: %1</source>
        <translation>Auswertung beendet: %1</translation>
    </message>
    <message>
        <source>Evaluation cancelled; nothing was scored.</source>
        <translation>Auswertung abgebrochen; nichts wurde bewertet.</translation>
    </message>
    <message>
        <source>Evaluation failed</source>
        <translation>Auswertung fehlgeschlagen</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Stage</source>
        <translation>Stufe</translation>
    </message>
    <message>
        <source>Dataset version</source>
        <translation>Datensatzversion</translation>
    </message>
    <message>
        <source>Parent</source>
        <translation>Vorgänger</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>Erstellt</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>Verdict: %1</source>
        <translation>Urteil: %1</translation>
    </message>
    <message>
        <source>—</source>
        <translation>—</translation>
    </message>
    <message>
        <source>not evaluated on %1</source>
        <translation>nicht auf %1 ausgewertet</translation>
    </message>
    <message>
        <source>GO</source>
        <translation>GO</translation>
    </message>
    <message>
        <source>NO-GO</source>
        <translation>NO-GO</translation>
    </message>
    <message>
        <source>NO-GO: %1</source>
        <translation>NO-GO: %1</translation>
    </message>
    <message>
        <source>base model</source>
        <translation>Basismodell</translation>
    </message>
    <message>
        <source>The base model alone, without an adapter</source>
        <translation>Das Basismodell allein, ohne Adapter</translation>
    </message>
    <message>
        <source>(registered)</source>
        <translation>(registriert)</translation>
    </message>
    <message>
        <source>Evaluate</source>
        <translation>Auswerten</translation>
    </message>
    <message>
        <source>Enter the base model (a Hugging Face folder or a .gguf file) to evaluate the base model.</source>
        <translation>Geben Sie das Basismodell an (einen Hugging-Face-Ordner oder eine .gguf-Datei), um das Basismodell auszuwerten.</translation>
    </message>
    <message>
        <source>An evaluation is already running.</source>
        <translation>Es läuft bereits eine Auswertung.</translation>
    </message>
    <message>
        <source>Evaluating %1 on %2…</source>
        <translation>%1 wird auf %2 ausgewertet …</translation>
    </message>
    <message>
        <source>Promote %1 to production? %2 (production now) will be archived.</source>
        <translation>%1 in die Produktion übernehmen? %2 (derzeit in Produktion) wird archiviert.</translation>
    </message>
    <message>
        <source>Promote %1 to production?</source>
        <translation>%1 in die Produktion übernehmen?</translation>
    </message>
    <message>
        <source>Promote to production</source>
        <translation>In Produktion übernehmen</translation>
    </message>
    <message>
        <source>promoted in Evaluate &amp; Compare</source>
        <translation>in Auswerten &amp; Vergleichen in die Produktion übernommen</translation>
    </message>
    <message>
        <source>%1 is now in production.</source>
        <translation>%1 ist jetzt in Produktion.</translation>
    </message>
    <message>
        <source>Promote</source>
        <translation>In Produktion übernehmen</translation>
    </message>
    <message>
        <source>Roll back</source>
        <translation>Zurückrollen</translation>
    </message>
    <message>
        <source>No adapter version is in production.</source>
        <translation>Keine Adapter-Version ist in Produktion.</translation>
    </message>
    <message>
        <source>Take %1 out of production and put the previous production version back?</source>
        <translation>%1 aus der Produktion nehmen und die vorherige Produktionsversion zurückholen?</translation>
    </message>
    <message>
        <source>rolled back in Evaluate &amp; Compare</source>
        <translation>in Auswerten &amp; Vergleichen zurückgerollt</translation>
    </message>
    <message>
        <source>Rolled back: %1 is in production again.</source>
        <translation>Zurückgerollt: %1 ist wieder in Produktion.</translation>
    </message>
    <message>
        <source>Export adapter %1 into</source>
        <translation>Adapter %1 exportieren nach</translation>
    </message>
    <message>
        <source>Export adapter</source>
        <translation>Adapter exportieren</translation>
    </message>
    <message>
        <source>%1 already exists; choose another folder.</source>
        <translation>%1 existiert bereits; wählen Sie einen anderen Ordner.</translation>
    </message>
    <message>
        <source>Cannot copy %1 to %2.</source>
        <translation>%1 kann nicht nach %2 kopiert werden.</translation>
    </message>
    <message>
        <source>%1 no longer has the registered sha256 %2; nothing was exported.</source>
        <translation>%1 hat nicht mehr den registrierten sha256 %2; nichts wurde exportiert.</translation>
    </message>
    <message>
        <source>Cannot rename %1 to %2.</source>
        <translation>%1 kann nicht in %2 umbenannt werden.</translation>
    </message>
    <message>
        <source>Exported %1 to %2 (sha256 verified).</source>
        <translation>%1 nach %2 exportiert (sha256 geprüft).</translation>
    </message>
    <message>
        <source>Export merged model</source>
        <translation>Zusammengeführtes Modell exportieren</translation>
    </message>
    <message>
        <source>Export %1 merged into its base model into</source>
        <translation>%1 in sein Basismodell eingerechnet exportieren nach</translation>
    </message>
    <message>
        <source>Merging %1 into %2…</source>
        <translation>%1 wird in %2 eingerechnet …</translation>
    </message>
    <message>
        <source>Exported %1 merged into its base model to %2.</source>
        <translation>%1 in sein Basismodell eingerechnet nach %2 exportiert.</translation>
    </message>
    <message>
        <source>Export GGUF LoRA</source>
        <translation>GGUF-LoRA exportieren</translation>
    </message>
    <message>
        <source>%1 has no base model recorded; the GGUF adapter needs the base model&apos;s shape.</source>
        <translation>Für %1 ist kein Basismodell eingetragen; der GGUF-Adapter braucht die Form des Basismodells.</translation>
    </message>
    <message>
        <source>Export %1 as a GGUF LoRA adapter</source>
        <translation>%1 als GGUF-LoRA-Adapter exportieren</translation>
    </message>
    <message>
        <source>GGUF files (*.gguf)</source>
        <translation>GGUF-Dateien (*.gguf)</translation>
    </message>
    <message>
        <source>Writing %1 as a %2 GGUF LoRA adapter…</source>
        <translation>%1 wird als %2-GGUF-LoRA-Adapter geschrieben …</translation>
    </message>
    <message>
        <source>Exported %1 as a GGUF LoRA adapter (%2, rank %3, %4 tensors) to %5.</source>
        <translation>%1 als GGUF-LoRA-Adapter (%2, Rang %3, %4 Tensoren) nach %5 exportiert.</translation>
    </message>
    <message>
        <source>%1 (judged by %2)</source>
        <translation>%1 (beurteilt nach %2)</translation>
    </message>
    <message>
        <source>%1, evaluated %2.
Judged by %3:
%4</source>
        <translation>%1, evaluiert %2.
Beurteilt nach %3:
%4</translation>
    </message>
    <message>
        <source> (run #%1 gate)</source>
        <translation> (Schwelle von Lauf #%1)</translation>
    </message>
</context>
<context>
    <name>main</name>
    <message>
        <source>Fine-tune small language models on your own data, with QLoRA.</source>
        <translation>Kleine Sprachmodelle mit QLoRA auf eigenen Daten feinabstimmen.</translation>
    </message>
    <message>
        <source>A project file (.tsproj) to open.</source>
        <translation>Eine zu öffnende Projektdatei (.tsproj).</translation>
    </message>
    <message>
        <source>Render the main window to FILE (PNG) once it is shown, then quit.</source>
        <translation>Das Hauptfenster nach dem Anzeigen als PNG in DATEI speichern und beenden.</translation>
    </message>
    <message>
        <source>Create PROJECT.tsproj as a new, empty project and open it.</source>
        <translation>PROJECT.tsproj als neues, leeres Projekt anlegen und öffnen.</translation>
    </message>
    <message>
        <source>Open the built-in demo project (created on first use).</source>
        <translation>Das eingebaute Demo-Projekt öffnen (wird beim ersten Mal angelegt).</translation>
    </message>
    <message>
        <source>expected at most one project file, got %1</source>
        <translation>höchstens eine Projektdatei erwartet, %1 erhalten</translation>
    </message>
    <message>
        <source>--new needs a project file name</source>
        <translation>--new braucht einen Projektdateinamen</translation>
    </message>
    <message>
        <source>could not write the screenshot %1</source>
        <translation>der Screenshot %1 konnte nicht geschrieben werden</translation>
    </message>
</context>
<context>
    <name>ts</name>
    <message>
        <source>The model, its activations and the optimizer state did not fit in memory. Lower batch_size (raise grad_accum to keep the same effective batch), lower max_seq_len, turn on grad_ckpt, or use quant nf4; a smaller LoRA rank helps a little.</source>
        <translation>Modell, Aktivierungen und Optimiererzustand passten nicht in den Speicher. batch_size verringern (grad_accum erhöhen, um den effektiven Batch zu halten), max_seq_len verringern, grad_ckpt einschalten oder quant nf4 verwenden; ein kleinerer LoRA-Rang hilft ein wenig.</translation>
    </message>
    <message>
        <source>Check the base model path in the recipe: it must be a Hugging Face folder (config.json and safetensors) or a .gguf file that still exists.</source>
        <translation>Prüfen Sie den Pfad des Basismodells im Rezept: er muss ein Hugging-Face-Ordner (config.json und safetensors) oder eine noch vorhandene .gguf-Datei sein.</translation>
    </message>
    <message>
        <source>Assign examples to the split the recipe trains on (Datasets page) or pick another split in the recipe.</source>
        <translation>Ordnen Sie Beispiele dem Split zu, auf dem das Rezept trainiert (Seite Datensätze), oder wählen Sie im Rezept einen anderen Split.</translation>
    </message>
    <message>
        <source>The loss diverged: lower the learning rate, add warmup steps, or keep max_grad_norm at 1.0.</source>
        <translation>Der Verlust ist divergiert: die Lernrate senken, Warmup-Schritte hinzufügen oder max_grad_norm bei 1,0 lassen.</translation>
    </message>
    <message>
        <source>This build of Tuning Studio has no training loop; use a release build.</source>
        <translation>Dieser Build von Tuning Studio hat keine Trainingsschleife; verwenden Sie einen Release-Build.</translation>
    </message>
    <message>
        <source>Cannot open project %1: it is locked by another program. Close the other program (or the other Tuning Studio window) and try again.</source>
        <translation>Projekt %1 kann nicht geöffnet werden: es ist von einem anderen Programm gesperrt. Schließen Sie das andere Programm (oder das andere Tuning-Studio-Fenster) und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Cannot open project %1: the file is damaged (%2).</source>
        <translation>Projekt %1 kann nicht geöffnet werden: die Datei ist beschädigt (%2).</translation>
    </message>
    <message>
        <source>Cannot open project %1: it is read-only (%2). Tuning Studio needs to write to the project file and its folder.</source>
        <translation>Projekt %1 kann nicht geöffnet werden: es ist schreibgeschützt (%2). Tuning Studio muss in die Projektdatei und ihren Ordner schreiben können.</translation>
    </message>
    <message>
        <source>Cannot open project %1: SQLite cannot open the file (%2).</source>
        <translation>Projekt %1 kann nicht geöffnet werden: SQLite kann die Datei nicht öffnen (%2).</translation>
    </message>
    <message>
        <source>Cannot open project %1: %2.</source>
        <translation>Projekt %1 kann nicht geöffnet werden: %2.</translation>
    </message>
    <message>
        <source>Cannot create project %1: a file with that name already exists.</source>
        <translation>Projekt %1 kann nicht angelegt werden: eine Datei mit diesem Namen existiert bereits.</translation>
    </message>
    <message>
        <source>Cannot create project %1: a leftover file %2 is in the way. Move or delete it first.</source>
        <translation>Projekt %1 kann nicht angelegt werden: eine übrig gebliebene Datei %2 ist im Weg. Verschieben oder löschen Sie sie zuerst.</translation>
    </message>
    <message>
        <source>Cannot create project %1: the folder %2 does not exist.</source>
        <translation>Projekt %1 kann nicht angelegt werden: der Ordner %2 existiert nicht.</translation>
    </message>
    <message>
        <source>Cannot create project %1: the folder %2 is not writable.</source>
        <translation>Projekt %1 kann nicht angelegt werden: der Ordner %2 ist nicht beschreibbar.</translation>
    </message>
    <message>
        <source>Cannot create project %1: cannot write in the folder %2 (%3).</source>
        <translation>Projekt %1 kann nicht angelegt werden: im Ordner %2 kann nicht geschrieben werden (%3).</translation>
    </message>
    <message>
        <source>Cannot open project %1: the file does not exist.</source>
        <translation>Projekt %1 kann nicht geöffnet werden: die Datei existiert nicht.</translation>
    </message>
    <message>
        <source>Cannot open %1: it is a folder, not a Tuning Studio project file.</source>
        <translation>%1 kann nicht geöffnet werden: es ist ein Ordner, keine Tuning-Studio-Projektdatei.</translation>
    </message>
    <message>
        <source>Cannot open project %1: the file cannot be read (%2).</source>
        <translation>Projekt %1 kann nicht geöffnet werden: die Datei kann nicht gelesen werden (%2).</translation>
    </message>
    <message>
        <source>Cannot open %1: the file is empty, not a Tuning Studio project.</source>
        <translation>%1 kann nicht geöffnet werden: die Datei ist leer, kein Tuning-Studio-Projekt.</translation>
    </message>
    <message>
        <source>Cannot open %1: it is not a Tuning Studio project (the file is not an SQLite database).</source>
        <translation>%1 kann nicht geöffnet werden: es ist kein Tuning-Studio-Projekt (die Datei ist keine SQLite-Datenbank).</translation>
    </message>
    <message>
        <source>Cannot open project %1: the file is read-only. Tuning Studio needs to write to it.</source>
        <translation>Projekt %1 kann nicht geöffnet werden: die Datei ist schreibgeschützt. Tuning Studio muss in sie schreiben können.</translation>
    </message>
    <message>
        <source>Cannot open project %1: its folder %2 is not writable. Tuning Studio keeps its write-ahead log (-wal, -shm files) next to the project.</source>
        <translation>Projekt %1 kann nicht geöffnet werden: sein Ordner %2 ist nicht beschreibbar. Tuning Studio legt sein Write-Ahead-Log (-wal-, -shm-Dateien) neben dem Projekt ab.</translation>
    </message>
    <message>
        <source>Cannot open project %1: Qt&apos;s SQLite driver (QSQLITE) is not available.</source>
        <translation>Projekt %1 kann nicht geöffnet werden: der SQLite-Treiber von Qt (QSQLITE) ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>Cannot open %1: it is an SQLite database of another program, not a Tuning Studio project.</source>
        <translation>%1 kann nicht geöffnet werden: es ist eine SQLite-Datenbank eines anderen Programms, kein Tuning-Studio-Projekt.</translation>
    </message>
    <message>
        <source>Cannot open project %1: it was created by a newer version of Tuning Studio (schema %2, this version knows up to %3). Install a newer Tuning Studio to open it.</source>
        <translation>Projekt %1 kann nicht geöffnet werden: es wurde von einer neueren Version von Tuning Studio angelegt (Schema %2, diese Version kennt bis %3). Installieren Sie ein neueres Tuning Studio, um es zu öffnen.</translation>
    </message>
    <message>
        <source>Cannot open project %1: the file is damaged (integrity check: %2).</source>
        <translation>Projekt %1 kann nicht geöffnet werden: die Datei ist beschädigt (Integritätsprüfung: %2).</translation>
    </message>
    <message>
        <source>Cannot open project %1: SQLite cannot use a write-ahead log here (journal mode stays &apos;%2&apos;); is the folder on a network drive?</source>
        <translation>Projekt %1 kann nicht geöffnet werden: SQLite kann hier kein Write-Ahead-Log verwenden (Journal-Modus bleibt „%2“); liegt der Ordner auf einem Netzlaufwerk?</translation>
    </message>
    <message>
        <source>Cannot open project %1: SQLite refuses to enforce foreign keys.</source>
        <translation>Projekt %1 kann nicht geöffnet werden: SQLite verweigert die Prüfung von Fremdschlüsseln.</translation>
    </message>
    <message>
        <source>Cannot open project %1: it was %2.</source>
        <translation>Projekt %1 kann nicht geöffnet werden: es war %2.</translation>
    </message>
    <message>
        <source>Cannot create project %1: %2.</source>
        <translation>Projekt %1 kann nicht angelegt werden: %2.</translation>
    </message>
    <message>
        <source>Cannot upgrade project %1 from schema %2: %3. The project is still at schema %4.</source>
        <translation>Projekt %1 kann nicht von Schema %2 aktualisiert werden: %3. Das Projekt ist weiterhin auf Schema %4.</translation>
    </message>
</context>
<context>
    <name>ts::EvalGate</name>
    <message>
        <source>ui.gate.suites: choose the evaluation suite(s) this run will be judged by; their go/no-go thresholds are fixed before training</source>
        <translation>ui.gate.suites: Wählen Sie die Evaluations-Suite(n), nach der/denen dieser Lauf beurteilt wird; ihre Go-/No-Go-Schwellenwerte werden vor dem Training festgelegt</translation>
    </message>
    <message>
        <source>ui.gate.suites: there is no evaluation suite named &apos;%1&apos; in this project</source>
        <translation>ui.gate.suites: In diesem Projekt gibt es keine Evaluations-Suite namens „%1“</translation>
    </message>
    <message>
        <source>ui.gate.suites: suite &apos;%1&apos; has no thresholds yet; set at least one</source>
        <translation>ui.gate.suites: Suite „%1“ hat noch keine Schwellenwerte; legen Sie mindestens einen fest</translation>
    </message>
    <message>
        <source>the gate of run #%1, fixed when it was started (%2)</source>
        <translation>die Schwelle von Lauf #%1, festgelegt bei seinem Start (%2)</translation>
    </message>
    <message>
        <source>the suite&apos;s thresholds at evaluation time (the suite has been changed since; the stored verdict used the limits stored with it)</source>
        <translation>die Schwellenwerte der Suite zum Zeitpunkt der Evaluation (die Suite wurde seitdem geändert; das gespeicherte Urteil verwendete die mit ihm gespeicherten Grenzen)</translation>
    </message>
    <message>
        <source>the suite&apos;s thresholds at evaluation time (the adapter&apos;s run had no gate snapshot)</source>
        <translation>die Schwellenwerte der Suite zum Zeitpunkt der Evaluation (der Lauf des Adapters hatte keine festgehaltene Schwelle)</translation>
    </message>
    <message>
        <source>gate of run #%1</source>
        <translation>Schwelle von Lauf #%1</translation>
    </message>
    <message>
        <source>suite&apos;s thresholds</source>
        <translation>Schwellenwerte der Suite</translation>
    </message>
    <message>
        <source>min task score %1</source>
        <translation>min. Aufgabenwert %1</translation>
    </message>
    <message>
        <source>min valid output rate %1</source>
        <translation>min. Rate gültiger Ausgaben %1</translation>
    </message>
    <message>
        <source>max general regression %1</source>
        <translation>max. allgemeiner Rückgang %1</translation>
    </message>
    <message>
        <source>%1 may fall at most %2 points below the base model</source>
        <translation>%1 darf höchstens %2 Punkte unter das Basismodell fallen</translation>
    </message>
    <message>
        <source>%1 → %2 in suite &apos;%3&apos;</source>
        <translation>%1 → %2 in Suite „%3“</translation>
    </message>
    <message>
        <source> (replaces %1)</source>
        <translation> (ersetzt %1)</translation>
    </message>
    <message>
        <source>min_task_score: no gate suite on a task split measures accuracy, exact_match, token_f1 or judge</source>
        <translation>min_task_score: Keine Suite der Schwelle auf einem Aufgaben-Split misst accuracy, exact_match, token_f1 oder judge</translation>
    </message>
    <message>
        <source>min_format_valid_rate: no gate suite on a task split measures schema_valid, json_valid or regex_match</source>
        <translation>min_format_valid_rate: Keine Suite der Schwelle auf einem Aufgaben-Split misst schema_valid, json_valid oder regex_match</translation>
    </message>
    <message>
        <source>max_general_regression: no gate suite is a general-capability set (split &apos;general&apos; or a general-capability dataset)</source>
        <translation>max_general_regression: Keine Suite der Schwelle ist eine Menge allgemeiner Fähigkeiten (Split „general“ oder ein Datensatz allgemeiner Fähigkeiten)</translation>
    </message>
    <message>
        <source>%1: not a threshold this version knows</source>
        <translation>%1: kein Schwellenwert, den diese Version kennt</translation>
    </message>
</context>
<context>
    <name>ts::RecipeDocument</name>
    <message>
        <source>Change %1</source>
        <translation>%1 ändern</translation>
    </message>
    <message>
        <source>a recipe must be a JSON object</source>
        <translation>ein Rezept muss ein JSON-Objekt sein</translation>
    </message>
</context>
<context>
    <name>ts::RecipeEstimate</name>
    <message>
        <source>%1 does not exist</source>
        <translation>%1 existiert nicht</translation>
    </message>
    <message>
        <source>no config.json in %1</source>
        <translation>keine config.json in %1</translation>
    </message>
    <message>
        <source>%1 lacks the model sizes (hidden_size, num_hidden_layers, …)</source>
        <translation>%1 fehlen die Modellgrößen (hidden_size, num_hidden_layers, …)</translation>
    </message>
    <message>
        <source>%1 GiB</source>
        <translation>%1 GiB</translation>
    </message>
    <message>
        <source>%1 MiB</source>
        <translation>%1 MiB</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>%1 s</source>
        <translation>%1 s</translation>
    </message>
    <message>
        <source>%1 min</source>
        <translation>%1 min</translation>
    </message>
    <message>
        <source>%1 h %2 min</source>
        <translation>%1 h %2 min</translation>
    </message>
    <message>
        <source>%1 lacks the model sizes (%2.embedding_length, %2.block_count, …)</source>
        <translation>%1 fehlen die Modellgrößen (%2.embedding_length, %2.block_count, …)</translation>
    </message>
</context>
<context>
    <name>ts::RecipeStore</name>
    <message>
        <source>%1 examples</source>
        <translation>%1 Beispiele</translation>
    </message>
</context>
<context>
    <name>ts::RunStatus</name>
    <message>
        <source>Queued</source>
        <translation>Wartend</translation>
    </message>
    <message>
        <source>Running</source>
        <translation>Läuft</translation>
    </message>
    <message>
        <source>Paused</source>
        <translation>Pausiert</translation>
    </message>
    <message>
        <source>Completed</source>
        <translation>Abgeschlossen</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>Fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cancelled</source>
        <translation>Abgebrochen</translation>
    </message>
    <message>
        <source>Interrupted</source>
        <translation>Unterbrochen</translation>
    </message>
</context>
<context>
    <name>ts::ui::ImportDialog</name>
    <message>
        <source>Messages</source>
        <translation>Nachrichten</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Prompt</source>
        <translation>Prompt</translation>
    </message>
    <message>
        <source>Completion</source>
        <translation>Completion</translation>
    </message>
    <message>
        <source>Instruction</source>
        <translation>Instruktion</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>Ausgabe</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>Label</source>
        <translation>Label</translation>
    </message>
    <message>
        <source>Chosen</source>
        <translation>Bevorzugt</translation>
    </message>
    <message>
        <source>Rejected</source>
        <translation>Abgelehnt</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>System-Prompt</translation>
    </message>
    <message>
        <source>Meta (flags, tags)</source>
        <translation>Meta (Markierungen, Tags)</translation>
    </message>
</context>
</TS>
