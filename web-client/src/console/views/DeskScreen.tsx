import { useSyncExternalStore } from "react";
import type { Availability } from "../types.ts";
import type { CaseFormViewModel } from "../viewmodels/CaseFormViewModel.ts";
import type { ChatPanelViewModel } from "../viewmodels/ChatPanelViewModel.ts";
import type { DeskViewModel } from "../viewmodels/DeskViewModel.ts";
import type { InboxItem } from "../viewmodels/items.ts";
import type { DeskNotice } from "../viewmodels/NoticeBoard.ts";
import type { SideChannelsViewModel } from "../viewmodels/SideChannelsViewModel.ts";
import type { SupervisorViewModel } from "../viewmodels/SupervisorViewModel.ts";
import { useConsoleMessages, type ConsoleMessages } from "../i18n/index.ts";
import { CaseFormColumn } from "./CaseForm.tsx";
import { ChatPanelView } from "./ChatPanel.tsx";
import { FocusedHeading } from "./LoginScreens.tsx";
import { SideChannelsColumn } from "./SideChannel.tsx";
import { SupervisorPanelView } from "./SupervisorPanel.tsx";
import { UrgentMark } from "./UrgentMark.tsx";

const AVAILABILITIES: readonly Availability[] = ["on_duty", "paused", "off_duty"];

export function DeskScreen({
  desk: vm,
  chat,
  supervisor,
  caseForm,
  sideChannels,
}: {
  desk: DeskViewModel;
  chat: ChatPanelViewModel;
  supervisor: SupervisorViewModel;
  caseForm: CaseFormViewModel;
  sideChannels?: SideChannelsViewModel;
}) {
  const desk = useSyncExternalStore(vm.subscribe, vm.getSnapshot);
  const m = useConsoleMessages();
  const t = m.desk;
  return (
    <div className="desk">
      <header className="desk-header">
        <FocusedHeading>{t.title}</FocusedHeading>
        <p className="muted" data-testid="my-load">
          {desk.userId} · {t.load(desk.load, desk.capacity)}
        </p>
        <div role="group" aria-label={t.availabilityLabel} className="availability">
          {AVAILABILITIES.map((a) => (
            <button
              key={a}
              type="button"
              data-testid={`availability-${a}`}
              aria-pressed={desk.availability === a}
              disabled={desk.switching}
              onClick={() => vm.setAvailability(a)}
            >
              {t.availability[a]}
            </button>
          ))}
        </div>
        <button
          type="button"
          className="secondary"
          data-testid="end-shift"
          onClick={vm.endShift}
          disabled={desk.endingShift}
        >
          {t.endShift}
        </button>
      </header>
      {desk.apiTrouble ? (
        <p role="status" className="banner">
          {t.apiTrouble}
        </p>
      ) : null}
      {desk.notice !== null ? (
        <div role="status" className="banner" data-testid="notice">
          <span>{noticeText(m, desk.notice)}</span>{" "}
          <button type="button" className="link" onClick={vm.dismissNotice}>
            {t.dismiss}
          </button>
        </div>
      ) : null}
      <div className="desk-columns">
        <nav className="inbox" aria-label={t.conversationsTitle}>
          <section aria-labelledby="offers-title">
            <h2 id="offers-title">{t.offersTitle}</h2>
            {desk.offers.length === 0 ? <p className="muted">{t.noOffers}</p> : null}
            <ul className="items">
              {desk.offers.map((offer) => (
                <Offer key={offer.reference} item={offer} vm={vm} />
              ))}
            </ul>
          </section>
          <section aria-labelledby="mine-title">
            <h2 id="mine-title">{t.conversationsTitle}</h2>
            {desk.conversations.length === 0 ? <p className="muted">{t.noConversations}</p> : null}
            <ul className="items">
              {desk.conversations.map((item) => (
                <Conversation key={item.reference} item={item} vm={vm} />
              ))}
            </ul>
          </section>
          <section aria-labelledby="queue-title" data-testid="queue">
            <h2 id="queue-title">{t.queueTitle}</h2>
            <p data-testid="queue-waiting">
              {desk.waiting === 0 ? t.queueEmpty : t.queueWaiting(desk.waiting)}
            </p>
            <ul className="items">
              {desk.queue.map((q) => (
                <li key={q.reference} className="muted">
                  {q.urgent ? <UrgentMark /> : null}
                  {t.queueRow(q.position, q.waitingMinutes)}
                  {q.state === "offered" ? ` · ${t.queueOffered}` : ""}
                </li>
              ))}
            </ul>
          </section>
        </nav>
        <div className="chat-column">
          <CaseFormColumn vm={caseForm} />
          <ChatColumn vm={chat} sideChannels={sideChannels} />
          {sideChannels ? <SideChannelsColumn vm={sideChannels} /> : null}
          <SupervisorColumn vm={supervisor} />
        </div>
      </div>
    </div>
  );
}

function ChatColumn({
  vm,
  sideChannels,
}: {
  vm: ChatPanelViewModel;
  sideChannels: SideChannelsViewModel | undefined;
}) {
  const chat = useSyncExternalStore(vm.subscribe, vm.getSnapshot);
  if (chat === null) return null;
  return sideChannels ? (
    <ChatPanelView chat={chat} vm={vm} sideChannels={sideChannels} />
  ) : (
    <ChatPanelView chat={chat} vm={vm} />
  );
}

function SupervisorColumn({ vm }: { vm: SupervisorViewModel }) {
  const panel = useSyncExternalStore(vm.subscribe, vm.getSnapshot);
  return panel !== null ? <SupervisorPanelView panel={panel} vm={vm} /> : null;
}

function noticeText(m: ConsoleMessages, notice: DeskNotice): string {
  const t = m.desk.notice;
  switch (notice.kind) {
    case "handedOver":
      return t.handedOver(notice.to);
    case "assigned":
      return t.assigned(notice.to);
    case "ended":
      return t.ended;
    case "barred":
      return t.barred;
    case "requeued":
      return t.requeued;
    case "joinRequested":
      return m.observing.notice.joinRequested(notice.reference);
    case "observerInvited":
      return m.observing.notice.observerInvited(notice.to);
    case "observerLeft":
      return m.observing.notice.left;
  }
}

function Details({ item }: { item: InboxItem }) {
  const { desk: t, observing: o } = useConsoleMessages();
  const parts: string[] = [];
  if (item.waitingMinutes !== null) parts.push(t.waited(item.waitingMinutes));
  if (item.offerSecondsLeft !== null && item.state !== "active") {
    parts.push(t.secondsLeft(item.offerSecondsLeft));
  }
  if (item.handoverFrom !== null) parts.push(t.handoverFrom(item.handoverFrom));
  if (item.handoverTo !== null) parts.push(t.handoverTo(item.handoverTo));
  if (item.requeued) parts.push(t.requeued);
  if (item.observingWith !== null) parts.push(o.with(item.observingWith));
  if (item.observers.length > 0) parts.push(o.by(item.observers.join(", ")));
  if (item.writingAbout !== null) parts.push(t.writingAbout[item.writingAbout]);
  return <span className="muted">{parts.join(" · ")}</span>;
}

function Offer({ item, vm }: { item: InboxItem; vm: DeskViewModel }) {
  const t = useConsoleMessages().desk;
  return (
    <li
      className="item offer"
      data-testid="offer"
      data-reference={item.reference}
      data-state={item.state}
    >
      {item.urgent ? <UrgentMark /> : null}
      <strong>{item.name}</strong>
      <Details item={item} />
      <div className="actions">
        <button
          type="button"
          className="primary"
          data-testid="offer-accept"
          disabled={item.answering}
          onClick={() => vm.accept(item.reference)}
        >
          {t.accept}
          <span className="visually-hidden"> {item.name}</span>
        </button>
        <button
          type="button"
          className="secondary"
          data-testid="offer-decline"
          disabled={item.answering}
          onClick={() => vm.decline(item.reference)}
        >
          {t.decline}
          <span className="visually-hidden"> {item.name}</span>
        </button>
      </div>
    </li>
  );
}

function Conversation({ item, vm }: { item: InboxItem; vm: DeskViewModel }) {
  const t = useConsoleMessages().desk;
  return (
    <li className="item" data-testid="conversation" data-reference={item.reference}>
      <button
        type="button"
        className={item.selected ? "conversation selected" : "conversation"}
        aria-current={item.selected ? "true" : undefined}
        onClick={() => vm.select(item.reference)}
      >
        <strong>{item.name}</strong>
        {item.urgent ? <UrgentMark /> : null}
        {item.unread > 0 ? (
          <span className="badge" data-testid="unread">
            {t.unread(item.unread)}
          </span>
        ) : null}
        {item.youthGone !== null ? (
          <span
            className="badge youth-gone"
            data-testid="youth-page-gone-badge"
            data-how={item.youthGone.how}
          >
            {t.youthGone[item.youthGone.how]}
          </span>
        ) : null}
      </button>
      <Details item={item} />
    </li>
  );
}
