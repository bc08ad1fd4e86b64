// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/recipes/recipe_gate_section.h"

#include "app/eval/eval_compare.h"
#include "app/eval/eval_gate.h"
#include "app/recipes/recipe_document.h"
#include "app/store/project_store.h"
#include "ui/eval/threshold_table.h"

#include <QBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QTimer>

#include <exception>

namespace ts::ui {

namespace {

constexpr int kSuiteIdRole = Qt::UserRole;
constexpr int kSuiteNameRole = Qt::UserRole + 1;
const QString kGatePath = QStringLiteral("ui.gate.suites");
const QString kInvalidStyle = QStringLiteral("QListWidget { background-color: #ffe0e0; }");

int thresholdCount(const QString& json) {
    try {
        return int(describeThresholds(json, QString()).size());
    } catch (const std::exception&) {
        return 0;
    }
}

}  // namespace

RecipeGateSection::RecipeGateSection(RecipeDocument* doc, QWidget* parent)
    : QGroupBox(tr("Go / no-go gate (set before training)"), parent), doc_(doc) {
    auto* intro = new QLabel(
        tr("A run is judged by the thresholds of the evaluation suites ticked here, as they stand when the run "
           "starts; later changes to a suite do not move its verdict. The thresholds belong to the suites (the "
           "same ones as on Evaluate & Compare ▸ Suites)."),
        this);
    intro->setWordWrap(true);

    suites_ = new QListWidget(this);
    suites_->setObjectName(QStringLiteral("field_ui_gate_suites"));
    suites_->setMaximumHeight(90);
    baseToolTip_ = tr("Tick the held-out evaluation suites whose go/no-go thresholds decide whether this recipe's "
                      "adapters may ship. Define suites on Evaluate & Compare ▸ Suites; at least one with a "
                      "threshold is needed before a run can start");
    suites_->setToolTip(baseToolTip_);

    tableTitle_ = new QLabel(this);
    tableTitle_->setWordWrap(true);
    table_ = new ThresholdTable(this);
    table_->setObjectName(QStringLiteral("gateThresholds"));
    table_->setMinimumHeight(90);
    addRow_ = new QPushButton(tr("Add threshold"), this);
    addRow_->setToolTip(tr("Add a threshold row to the selected suite"));
    removeRow_ = new QPushButton(tr("Remove threshold"), this);
    removeRow_->setToolTip(tr("Remove the selected threshold row"));
    save_ = new QPushButton(tr("Save thresholds"), this);
    save_->setObjectName(QStringLiteral("saveGateThresholds"));
    save_->setToolTip(tr("Validate and store these thresholds in the suite (they are the suite's, so Evaluate ▸ "
                         "Suites shows them too)"));
    save_->setEnabled(false);
    message_ = new QLabel(this);
    message_->setObjectName(QStringLiteral("gateMessage"));
    message_->setWordWrap(true);
    message_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    legacy_ = new QLabel(this);
    legacy_->setObjectName(QStringLiteral("gateLegacy"));
    legacy_->setWordWrap(true);
    legacy_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    legacy_->setStyleSheet(QStringLiteral("QLabel { background: #fff6d5; border: 1px solid #e0c060; padding: 4px; }"));
    moveLegacy_ = new QPushButton(tr("Move these numbers into the gate suites"), this);
    moveLegacy_->setObjectName(QStringLiteral("moveLegacyThresholds"));
    moveLegacy_->setToolTip(tr("Write each old number into the suite and metric named above (the suites are saved) "
                               "and remove it from the recipe; numbers that fit no suite stay in the recipe"));

    auto* buttons = new QHBoxLayout;
    buttons->addWidget(addRow_);
    buttons->addWidget(removeRow_);
    buttons->addStretch(1);
    buttons->addWidget(save_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(suites_);
    layout->addWidget(tableTitle_);
    layout->addWidget(table_);
    layout->addLayout(buttons);
    layout->addWidget(message_);
    layout->addWidget(legacy_);
    layout->addWidget(moveLegacy_, 0, Qt::AlignLeft);

    connect(suites_, &QListWidget::itemChanged, this, [this](QListWidgetItem*) {
        if (!rebuilding_) writeGateFromList();
    });
    connect(suites_, &QListWidget::currentItemChanged, this, [this](QListWidgetItem* current, QListWidgetItem*) {
        if (rebuilding_ || !current) return;
        const qint64 id = current->data(kSuiteIdRole).toLongLong();
        if (id == shownSuiteId_) return;
        // Edits to the suite shown so far are stored before another one is shown; when they are
        // not valid the selection stays, so nothing typed is lost.
        if (tableDirty_ && !saveThresholds()) {
            const QSignalBlocker blocker(suites_);
            for (int i = 0; i < suites_->count(); ++i)
                if (suites_->item(i)->data(kSuiteIdRole).toLongLong() == shownSuiteId_) suites_->setCurrentRow(i);
            return;
        }
        showSelectedSuite();
    });
    connect(table_, &ThresholdTable::edited, this, [this] {
        tableDirty_ = shownSuiteId_ > 0;
        save_->setEnabled(tableDirty_);
    });
    connect(addRow_, &QPushButton::clicked, this, [this] { table_->addThreshold(QString(), 0.8, ThresholdTable::AtLeast); });
    connect(removeRow_, &QPushButton::clicked, table_, &ThresholdTable::removeCurrentThreshold);
    connect(save_, &QPushButton::clicked, this, &RecipeGateSection::saveThresholds);
    connect(moveLegacy_, &QPushButton::clicked, this, &RecipeGateSection::moveLegacyThresholds);
    rebuildList();
}

void RecipeGateSection::setProject(const ProjectStore* store) {
    store_ = store;
    shownSuiteId_ = 0;
    tableDirty_ = false;
    refresh();
}

void RecipeGateSection::refresh() {
    rebuildList();
    if (!tableDirty_) showSelectedSuite();
    updateLegacyNotice();
}

void RecipeGateSection::documentChanged() {
    // Check marks follow the document (undo, load, import); an unknown name gets its own row.
    const QStringList names = gateSuiteNames(doc_->json());
    bool rowsMatch = true;
    {
        const QSignalBlocker blocker(suites_);
        QStringList listed;
        for (int i = 0; i < suites_->count(); ++i) {
            QListWidgetItem* item = suites_->item(i);
            const QString name = item->data(kSuiteNameRole).toString();
            listed << name;
            if (item->data(kSuiteIdRole).toLongLong() == 0 && !names.contains(name)) rowsMatch = false;
            item->setCheckState(names.contains(name) ? Qt::Checked : Qt::Unchecked);
        }
        for (const QString& name : names) rowsMatch = rowsMatch && listed.contains(name);
    }
    // Rows are rebuilt on the next pass: this may run inside the list's own itemChanged.
    if (!rowsMatch) QTimer::singleShot(0, this, &RecipeGateSection::rebuildList);
    updateLegacyNotice();
}

void RecipeGateSection::rebuildList() {
    rebuilding_ = true;
    const QStringList names = gateSuiteNames(doc_->json());
    const QSignalBlocker blocker(suites_);
    suites_->clear();
    QList<EvalSuite> suites;
    if (store_) {
        try {
            suites = EvalSuiteRepository(store_->database()).suites();
        } catch (const std::exception& e) {
            showMessage(QString::fromUtf8(e.what()), true);
        }
    }
    QStringList known;
    for (const EvalSuite& s : std::as_const(suites)) {
        const int count = thresholdCount(s.thresholdsJson);
        auto* item = new QListWidgetItem(tr("%1 — split '%2', thresholds: %3").arg(s.name, s.split).arg(count), suites_);
        item->setData(kSuiteIdRole, s.id);
        item->setData(kSuiteNameRole, s.name);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(names.contains(s.name) ? Qt::Checked : Qt::Unchecked);
        if (count == 0) item->setToolTip(tr("No thresholds yet: select it and add at least one below"));
        known << s.name;
    }
    for (const QString& name : names) {
        if (known.contains(name)) continue;
        auto* item = new QListWidgetItem(tr("%1 — not in this project").arg(name), suites_);
        item->setData(kSuiteIdRole, qint64(0));
        item->setData(kSuiteNameRole, name);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(Qt::Checked);
        item->setForeground(QColor(0xb0, 0x00, 0x20));
        item->setToolTip(tr("The recipe names this suite, but the project has none by that name (a recipe imported "
                            "from another project?). Untick it, or create the suite on Evaluate & Compare ▸ Suites"));
    }
    if (suites.isEmpty() && store_)
        showMessage(tr("This project has no evaluation suites yet. Build the held-out set and its thresholds first: "
                       "Evaluate & Compare ▸ Suites ▸ New suite."),
                    false);
    // Keep the suite shown so far; otherwise the first ticked one, otherwise the first.
    int current = -1;
    for (int i = 0; i < suites_->count(); ++i) {
        const qint64 id = suites_->item(i)->data(kSuiteIdRole).toLongLong();
        if (id > 0 && id == shownSuiteId_) current = i;
    }
    for (int i = 0; i < suites_->count() && current < 0; ++i)
        if (suites_->item(i)->checkState() == Qt::Checked && suites_->item(i)->data(kSuiteIdRole).toLongLong() > 0)
            current = i;
    if (current < 0 && suites_->count() > 0) current = 0;
    if (current >= 0) suites_->setCurrentRow(current);
    rebuilding_ = false;
}

qint64 RecipeGateSection::selectedSuiteId() const {
    const QListWidgetItem* item = suites_->currentItem();
    return item ? item->data(kSuiteIdRole).toLongLong() : 0;
}

void RecipeGateSection::showSelectedSuite() {
    shownSuiteId_ = selectedSuiteId();
    tableDirty_ = false;
    save_->setEnabled(false);
    const bool editable = shownSuiteId_ > 0 && store_;
    table_->setEnabled(editable);
    addRow_->setEnabled(editable);
    removeRow_->setEnabled(editable);
    if (!editable) {
        table_->setThresholdsJson(QStringLiteral("{}"));
        tableTitle_->setText(store_ ? tr("Select a suite to see and edit its thresholds.") : QString());
        return;
    }
    try {
        const EvalSuite suite = EvalSuiteRepository(store_->database()).suite(shownSuiteId_);
        tableTitle_->setText(tr("Thresholds of '%1' (stored in the suite):").arg(suite.name));
        table_->setThresholdsJson(suite.thresholdsJson);
    } catch (const std::exception& e) {
        showMessage(QString::fromUtf8(e.what()), true);
    }
}

void RecipeGateSection::writeGateFromList() {
    // Names already in the gate keep their order; newly ticked ones follow in list order.
    const QStringList before = gateSuiteNames(doc_->json());
    QStringList ticked;
    for (int i = 0; i < suites_->count(); ++i)
        if (suites_->item(i)->checkState() == Qt::Checked) ticked << suites_->item(i)->data(kSuiteNameRole).toString();
    QStringList names;
    for (const QString& name : before)
        if (ticked.contains(name)) names << name;
    for (const QString& name : std::as_const(ticked))
        if (!names.contains(name)) names << name;
    doc_->setValue(kGatePath, names.isEmpty() ? QJsonValue(QJsonValue::Undefined) : QJsonArray::fromStringList(names));
    doc_->endEditGroup();
}

bool RecipeGateSection::saveThresholds() {
    if (!store_ || shownSuiteId_ <= 0) return false;
    if (const QString problem = table_->firstProblem(); !problem.isEmpty()) {
        showMessage(problem, true);
        return false;
    }
    try {
        EvalSuiteRepository repo(store_->database());
        EvalSuite suite = repo.suite(shownSuiteId_);
        suite.thresholdsJson = table_->thresholdsJson();
        repo.save(suite);
    } catch (const std::exception& e) {
        showMessage(tr("Not saved: %1").arg(QString::fromUtf8(e.what())), true);
        return false;
    }
    tableDirty_ = false;
    save_->setEnabled(false);
    showMessage(tr("Thresholds saved in the suite. Runs started from now on are judged by them."), false);
    rebuildList();
    updateLegacyNotice();
    emit suitesChanged();
    return true;
}

void RecipeGateSection::updateLegacyNotice() {
    const std::optional<LegacyThresholds> legacy = legacyThresholdsOf(doc_->json());
    legacy_->setVisible(legacy.has_value());
    moveLegacy_->setVisible(legacy.has_value());
    if (!legacy) return;
    QString text = tr("This recipe still holds go/no-go numbers of its own, written by an older version: %1. No "
                      "verdict uses them — runs are judged by the gate suites' thresholds — so they are kept here "
                      "until you move them.")
                       .arg(describeLegacyThresholds(*legacy).toHtmlEscaped());
    LegacyThresholdPlan plan;
    if (store_) {
        try {
            QList<EvalSuite> gate;
            const EvalSuiteRepository repo(store_->database());
            for (const QString& name : gateSuiteNames(doc_->json()))
                if (const auto suite = repo.suiteByName(name)) gate << *suite;
            plan = planLegacyThresholdMove(store_->database(), *legacy, gate);
        } catch (const std::exception& e) {
            plan.kept << QString::fromUtf8(e.what());
        }
    }
    QStringList lines;
    for (const LegacyThresholdMove& move : std::as_const(plan.moves)) lines << move.text().toHtmlEscaped();
    if (!lines.isEmpty()) text += QStringLiteral("<br>") + tr("Moving them does:") + QStringLiteral("<br>• ") +
                                  lines.join(QStringLiteral("<br>• "));
    if (!plan.kept.isEmpty()) {
        QStringList kept;
        for (const QString& k : std::as_const(plan.kept)) kept << k.toHtmlEscaped();
        text += QStringLiteral("<br>") + tr("Stays in the recipe (tick a fitting suite first):") +
                QStringLiteral("<br>• ") + kept.join(QStringLiteral("<br>• "));
    }
    legacy_->setText(text);
    moveLegacy_->setEnabled(!plan.isEmpty());
}

bool RecipeGateSection::moveLegacyThresholds() {
    if (!store_) return false;
    const std::optional<LegacyThresholds> legacy = legacyThresholdsOf(doc_->json());
    if (!legacy) return false;
    try {
        QList<EvalSuite> gate;
        const EvalSuiteRepository repo(store_->database());
        for (const QString& name : gateSuiteNames(doc_->json()))
            if (const auto suite = repo.suiteByName(name)) gate << *suite;
        const LegacyThresholdPlan plan = planLegacyThresholdMove(store_->database(), *legacy, gate);
        if (plan.isEmpty()) return false;
        const QJsonObject moved = applyLegacyThresholdMove(store_->database(), doc_->json(), plan);
        QStringList done;
        for (const LegacyThresholdMove& move : plan.moves) done << move.text();
        doc_->replace(moved, tr("Move old thresholds into the gate suites"));
        showMessage(tr("Moved: %1.").arg(done.join(QStringLiteral("; "))), false);
    } catch (const std::exception& e) {
        showMessage(tr("Not moved: %1").arg(QString::fromUtf8(e.what())), true);
        return false;
    }
    tableDirty_ = false;
    rebuildList();
    showSelectedSuite();
    updateLegacyNotice();
    emit suitesChanged();
    return true;
}

void RecipeGateSection::showMessage(const QString& text, bool error) {
    message_->setStyleSheet(error ? QStringLiteral("color: #b00020;") : QString());
    message_->setText(text);
}

void RecipeGateSection::setProblem(const QString& problem) {
    suites_->setStyleSheet(problem.isEmpty() ? QString() : kInvalidStyle);
    suites_->setToolTip(problem.isEmpty() ? baseToolTip_ : tr("%1\n\nNot valid: %2").arg(baseToolTip_, problem));
}

QString RecipeGateSection::legacyText() const { return legacy_->isHidden() ? QString() : legacy_->text(); }
QString RecipeGateSection::messageText() const { return message_->text(); }

}  // namespace ts::ui
