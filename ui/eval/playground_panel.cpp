// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/eval/playground_panel.h"

#include "app/adapters/adapter_registry.h"
#include "app/store/project_store.h"
#include "app/eval/answer_sampler.h"  // the shared model-loading and generation path

#include <QBoxLayout>
#include <QComboBox>
#include <QFutureWatcher>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QtConcurrent/QtConcurrentRun>

#include <exception>

namespace ts::ui {

namespace {

struct PaneResult {
    QString text;
    QString error;
    double seconds = 0;
    bool stopped = false;
};

struct PlaygroundResult {
    PaneResult base, adapter;
};

PaneResult generateOne(const std::string& model, const std::string& adapterFolder, const std::string& prompt,
                       int maxNewTokens, const std::atomic<bool>* cancel) {
    PaneResult out;
    try {
        AnswerRequest request;
        request.modelPath = model;
        request.adapterFolder = adapterFolder;
        request.messages = {{"user", prompt}};
        request.generation.temperature = 0;  // greedy: the two panes differ only by the adapter
        request.generation.maxNewTokens = maxNewTokens;
        const AnswerSamples samples = sampleAnswers(request, {}, cancel);
        out.stopped = samples.stopped;
        out.seconds = samples.seconds;
        if (!samples.texts.empty()) out.text = QString::fromStdString(samples.texts.front());
    } catch (const std::exception& e) {
        out.error = QString::fromUtf8(e.what());
    }
    return out;
}

}  // namespace

PlaygroundPanel::PlaygroundPanel(QWidget* parent) : QWidget(parent) {
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* settings = new QHBoxLayout;
    settings->addWidget(new QLabel(tr("Base model"), this));
    model_ = new QLineEdit(this);
    model_->setObjectName(QStringLiteral("playgroundModel"));
    model_->setPlaceholderText(tr("Hugging Face folder or .gguf file"));
    settings->addWidget(model_, 2);
    settings->addWidget(new QLabel(tr("Adapter"), this));
    adapter_ = new QComboBox(this);
    adapter_->setObjectName(QStringLiteral("playgroundAdapter"));
    adapter_->setToolTip(tr("The adapter version answering in the right-hand pane"));
    settings->addWidget(adapter_, 1);
    settings->addWidget(new QLabel(tr("Max tokens"), this));
    maxTokens_ = new QSpinBox(this);
    maxTokens_->setRange(1, 4096);
    maxTokens_->setValue(128);
    settings->addWidget(maxTokens_);
    layout->addLayout(settings);

    prompt_ = new QPlainTextEdit(this);
    prompt_->setObjectName(QStringLiteral("playgroundPrompt"));
    prompt_->setPlaceholderText(tr("A user message, e.g. a support ticket to triage"));
    prompt_->setMaximumHeight(110);
    layout->addWidget(prompt_);

    auto* buttons = new QHBoxLayout;
    generate_ = new QPushButton(tr("&Generate"), this);
    generate_->setObjectName(QStringLiteral("playgroundGenerate"));
    generate_->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return));
    generate_->setToolTip(tr("Answer with both models, greedy decoding (Ctrl+Return)"));
    stop_ = new QPushButton(tr("S&top"), this);
    stop_->setObjectName(QStringLiteral("playgroundStop"));
    stop_->setToolTip(tr("Stop generating (Esc)"));
    stop_->setShortcut(QKeySequence(Qt::Key_Escape));
    buttons->addWidget(generate_);
    buttons->addWidget(stop_);
    status_ = new QLabel(this);
    status_->setObjectName(QStringLiteral("playgroundStatus"));
    buttons->addWidget(status_, 1);
    layout->addLayout(buttons);

    auto* panes = new QHBoxLayout;
    auto pane = [&](const QString& title, const QString& name) {
        auto* box = new QVBoxLayout;
        box->addWidget(new QLabel(title, this));
        auto* edit = new QPlainTextEdit(this);
        edit->setObjectName(name);
        edit->setReadOnly(true);
        box->addWidget(edit, 1);
        panes->addLayout(box, 1);
        return edit;
    };
    baseOutput_ = pane(tr("Base model"), QStringLiteral("playgroundBaseOutput"));
    adapterOutput_ = pane(tr("With the adapter"), QStringLiteral("playgroundAdapterOutput"));
    layout->addLayout(panes, 1);

    connect(generate_, &QPushButton::clicked, this, &PlaygroundPanel::generate);
    connect(stop_, &QPushButton::clicked, this, &PlaygroundPanel::stop);
    setGenerating(false);
}

PlaygroundPanel::~PlaygroundPanel() {
    // The worker holds its own copies of everything it needs; it only has to stop soon.
    if (cancel_) cancel_->store(true);
}

void PlaygroundPanel::setProject(const ProjectStore* store) {
    store_ = store;
    model_->clear();
    refresh();
}

void PlaygroundPanel::refresh() {
    const QString current = adapter_->currentData().toString();
    adapter_->clear();
    adapter_->addItem(tr("(none: base model only)"), QString());
    if (!store_) return;
    try {
        const auto versions = AdapterRegistry(store_->database()).versions();
        for (const auto& v : versions) adapter_->addItem(QStringLiteral("%1 (%2)").arg(v.name, adapterStageName(v.stage)), v.path);
        if (model_->text().isEmpty() && !versions.isEmpty()) model_->setText(versions.first().baseModel);
        const int index = adapter_->findData(current);
        adapter_->setCurrentIndex(index >= 0 ? index : std::min(1, adapter_->count() - 1));
    } catch (const std::exception& e) {
        status_->setText(QString::fromUtf8(e.what()));
    }
}

void PlaygroundPanel::setGenerating(bool on) {
    generating_ = on;
    generate_->setEnabled(!on);
    stop_->setEnabled(on);
}

void PlaygroundPanel::stop() {
    if (cancel_) cancel_->store(true);
    status_->setText(tr("Stopping…"));
}

void PlaygroundPanel::generate() {
    if (generating_) return;
    const QString prompt = prompt_->toPlainText().trimmed();
    if (prompt.isEmpty() || model_->text().trimmed().isEmpty()) {
        status_->setText(tr("Enter a prompt and the base model."));
        return;
    }
    cancel_ = std::make_shared<std::atomic<bool>>(false);
    setGenerating(true);
    baseOutput_->setPlainText(tr("generating…"));
    const QString adapterFolder = adapter_->currentData().toString();
    adapterOutput_->setPlainText(adapterFolder.isEmpty() ? QString() : tr("waiting for the base model…"));
    status_->setText(tr("Generating on the CPU…"));
    auto* watcher = new QFutureWatcher<PlaygroundResult>(this);
    connect(watcher, &QFutureWatcher<PlaygroundResult>::finished, this, [this, watcher, adapterFolder] {
        const PlaygroundResult r = watcher->result();
        watcher->deleteLater();
        auto show = [](QPlainTextEdit* pane, const PaneResult& p) {
            pane->setPlainText(!p.error.isEmpty() ? tr("Error: %1").arg(p.error)
                                                  : p.text + (p.stopped ? tr("\n[stopped]") : QString()));
        };
        show(baseOutput_, r.base);
        if (!adapterFolder.isEmpty()) show(adapterOutput_, r.adapter);
        status_->setText(tr("Base %1 s, adapter %2 s").arg(r.base.seconds, 0, 'f', 1).arg(r.adapter.seconds, 0, 'f', 1));
        setGenerating(false);
        emit generationFinished();
    });
    watcher->setFuture(QtConcurrent::run([model = model_->text().trimmed().toStdString(),
                                          adapter = adapterFolder.toStdString(), text = prompt.toStdString(),
                                          tokens = maxTokens_->value(), cancel = cancel_]() {
        PlaygroundResult r;
        r.base = generateOne(model, {}, text, tokens, cancel.get());
        if (!adapter.empty() && !cancel->load()) r.adapter = generateOne(model, adapter, text, tokens, cancel.get());
        return r;
    }));
}

}  // namespace ts::ui
