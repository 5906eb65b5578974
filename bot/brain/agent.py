"""The LLM brain: a LangChain agent that searches the help centre and our data, and must cite it.

It fails safely (docs/brain.md#llm-safety): past BOT_LLM_TIMEOUT, on a failure, while the
circuit breaker is open, or when its answer fails the checks of `llm_guard.py`, the offline brain answers.
"""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from langchain.agents import create_agent
from langchain.agents.middleware import ModelRequest, dynamic_prompt
from langchain.chat_models import init_chat_model
from langchain.tools import ToolRuntime, tool
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage

from bot.brain.answerer import (
    VENDOR_CONFIDENCE,
    BrainParts,
    OfflineBrain,
    order_confidence,
    polite_answer,
)
from bot.brain.audience import seller_margin, seller_question
from bot.brain.circuit import BreakerState, CircuitBreaker
from bot.brain.compose import STRETCH
from bot.brain.llm_context import current_conversation
from bot.brain.llm_failures import LlmFailure, classify
from bot.brain.llm_guard import Checked, Grounds, check_answer, link_hosts
from bot.brain.llm_prompt import (
    HISTORY_MESSAGES,
    base_prompt,
    language_line,
    system_prompt,
    transcript,
)
from bot.brain.llm_providers import provider_of
from bot.brain.retrieval import ArticleHit, View
from bot.metrics import Metrics
from bot.models import Answer, Message, Participant, Source

if TYPE_CHECKING:
    from bot.settings import Settings

__all__ = ["HISTORY_MESSAGES", "AgentBrain", "LlmOptions", "make_model", "system_prompt", "transcript"]

log = logging.getLogger(__name__)

UNGROUNDED_CONFIDENCE = 0.2  # an answer that used no tool at all is not to be trusted
DONT_KNOW_CONFIDENCE = 0.05
# Put before seller articles found for a customer without a seller identity (bot/brain/audience.py).
SELLER_HELP_NOTE = (
    "Note: the customer has not signed in as a seller, and this reads as a seller's question, so these passages "
    "are from the seller help. Say that the answer is from the seller help, and that to ask about "
    "their own shop, orders or payouts they should sign in to their seller account first."
)
_DONT_KNOW = re.compile(
    r"\b(i\s+(?:do\s*n[o']t|don't|do not)\s+know|i'?m\s+not\s+sure|i\s+(?:could\s*n[o']t|couldn't|cannot|can't)\s+find)\b",
    re.IGNORECASE,
)


@dataclass
class AgentContext:
    """Per-question state the tools read and write (LangChain runtime context)."""

    participant: Participant
    parts: BrainParts
    history: Sequence[Message] = ()
    language: str = "en"  # the customer's: the search that reads it is used
    hits: dict[str, ArticleHit] = field(default_factory=dict)
    tool_confidence: float = 0.0
    wants_human: bool = False
    # What the tools returned this turn, for the answer checks (bot/brain/llm_guard.py).
    returned: dict[str, str] = field(default_factory=dict)  # article slug -> the passages shown
    order_results: list[str] = field(default_factory=list)
    other_results: list[str] = field(default_factory=list)


@tool
async def search_help_centre(query: str, runtime: ToolRuntime[AgentContext]) -> str:
    """Search the marketplace's help centre. Returns the most relevant passages, each with its
    article title, url and a relevance between 0 and 1. Cite the url of every article you use."""
    ctx = runtime.context
    participant, search = ctx.participant, ctx.parts.search_for(ctx.language)
    margin = seller_margin(participant)
    views: tuple[View, ...] = ("buyer", "anyone") if margin is not None else (participant.role,)
    results = await search.search_views(query, views, ctx.history, k=3, language=ctx.language)
    seller = margin is not None and seller_question(results[1], results[0], ctx.parts.threshold, margin, query)
    result = results[1] if seller else results[0]
    if not result.hits:
        return "No help-centre article matches."
    blocks = [SELLER_HELP_NOTE] if seller else []
    for hit in result.hits:
        known = ctx.hits.get(hit.slug)
        if known is None or hit.relevance > known.relevance:
            ctx.hits[hit.slug] = hit
        text = "\n".join(p.chunk.text for p in hit.passages[:2])
        ctx.returned[hit.slug] = f"{ctx.returned.get(hit.slug, '')}\n{text}"
        blocks.append(f"[{hit.title}]({hit.url}) relevance {hit.relevance:.2f}\n{text}")
    ctx.other_results.extend(blocks)
    return "\n\n---\n\n".join(blocks)


@tool
async def order_status(order_id: str, runtime: ToolRuntime[AgentContext]) -> str:
    """Look up an order by its number (like HM-100234): status, parcels, carriers and ETAs, as far as
    this customer may see them."""
    ctx = runtime.context
    # In the customer's language: a model that passes the tool's words on verbatim answers in it too.
    found = await ctx.parts.orders.lookup(order_id, ctx.participant, ctx.language)
    ctx.tool_confidence = max(ctx.tool_confidence, order_confidence(found))
    ctx.order_results.append(found.text)
    return found.text


@tool
def vendor_contact(vendor: str, runtime: ToolRuntime[AgentContext]) -> str:
    """Contact details (email, support hours, usual reply time) of a vendor, by name or id (V-1001)."""
    ctx = runtime.context
    vendors = ctx.parts.vendors.find(vendor)
    if vendors:
        ctx.tool_confidence = max(ctx.tool_confidence, VENDOR_CONFIDENCE)
    card = ctx.parts.vendors.lookup(vendor, ctx.language)
    ctx.other_results.append(card)
    return card


@tool
def request_human(reason: str, runtime: ToolRuntime[AgentContext]) -> str:
    """Hand the conversation to a person on the support team. Use it when the customer asks for a
    person, or when you cannot help. `reason` is one short sentence for the staff."""
    runtime.context.wants_human = True
    return "A person from the support team has been asked to take over this conversation; tell the customer so."


TOOLS = [search_help_centre, order_status, vendor_contact, request_human]


@dataclass(frozen=True, slots=True)
class LlmOptions:
    """How the chat model is called and watched (the BOT_LLM_* settings)."""

    provider: str = "openai"
    timeout: float = 15.0  # seconds for the whole agent run, tool calls and one retry included
    max_tokens: int = 500
    breaker_failures: int = 3
    breaker_seconds: float = 30.0
    link_domains: tuple[str, ...] = ()  # besides the help-centre articles' own hosts

    @classmethod
    def from_settings(cls, settings: Settings) -> LlmOptions:
        """The options these settings ask for."""
        return cls(
            provider=provider_of(settings.llm or "openai:"),
            timeout=settings.llm_timeout,
            max_tokens=settings.llm_max_tokens,
            breaker_failures=settings.llm_breaker_failures,
            breaker_seconds=settings.llm_breaker_seconds,
            link_domains=tuple(settings.llm_link_domains),
        )


def make_model(
    llm: str,
    base_url: str | None,
    api_key: str | None,
    *,
    timeout: float | None = None,
    max_tokens: int | None = None,
    max_retries: int = 2,
) -> BaseChatModel:
    """The chat model named `provider:model` (e.g. `openai:gpt-4o-mini`), each request capped at
    `timeout` seconds and `max_tokens` tokens, retried at most `max_retries` times."""
    options: dict[str, Any] = {"temperature": 0}
    if provider_of(llm) == "ollama":  # ChatOllama names these its own way and does not retry
        if max_tokens:
            options["num_predict"] = max_tokens
        if timeout:
            options["client_kwargs"] = {"timeout": timeout}
    else:
        options["max_retries"] = max_retries
        if max_tokens:
            options["max_tokens"] = max_tokens
        if timeout:
            options["timeout"] = timeout
    if base_url:
        options["base_url"] = base_url
    if api_key:
        options["api_key"] = api_key
    return init_chat_model(llm, **options)  # type: ignore[return-value]


class AgentBrain:
    """Answers with an LLM agent over the help centre and our tools; the offline brain answers
    whenever the model is slow, failing, skipped by the circuit breaker, or its answer fails the checks."""

    def __init__(
        self, parts: BrainParts, model: BaseChatModel, options: LlmOptions | None = None,
        metrics: Metrics | None = None,
    ) -> None:
        self.parts = parts
        self.options = options or LlmOptions()
        self.metrics = metrics or Metrics()
        # The brand's answer length, stretched as the offline answers may be (bot/brain/compose.py).
        self.word_limit = max(1, round(parts.brand.answer_words * STRETCH))
        prompt = base_prompt(parts.brand, self.word_limit)

        @dynamic_prompt
        def brand_rules_and_language(request: ModelRequest) -> str:
            return f"{prompt}\n{language_line(request.runtime.context.language)}"  # type: ignore[attr-defined]

        self.agent = create_agent(model, tools=TOOLS, middleware=[brand_rules_and_language],  # type: ignore[misc]
                                  context_schema=AgentContext)
        self.fallback = OfflineBrain(parts)
        self.breaker = CircuitBreaker(self.options.breaker_failures, self.options.breaker_seconds,
                                      on_change=self._breaker_changed)
        self.metrics.llm_circuit.state(self.breaker.state)
        self._domains: tuple[object, frozenset[str]] | None = None

    async def reload_if_changed(self) -> bool:
        """Swap in a rebuilt index if there is one."""
        return await self.parts.reload_if_changed()

    async def run_reloader(self, interval: float = 2.0) -> None:
        """Poll for rebuilt indexes forever (start as a task at start-up)."""
        await self.fallback.run_reloader(interval)

    def allowed_domains(self) -> frozenset[str]:
        """Where answers may link: the help-centre articles' hosts and BOT_LLM_LINK_DOMAINS (and their
        sub-domains), re-read when the index is rebuilt."""
        retriever = self.parts.search.retriever
        token = retriever.loaded.token
        if self._domains is None or self._domains[0] != token:
            hosts = link_hosts(chunk.url for chunk in retriever.chunks if chunk.url)
            self._domains = (token, hosts | frozenset(self.options.link_domains))
        return self._domains[1]

    async def answer(
        self, question: str, *, participant: Participant, history: Sequence[Message], language: str = "en"
    ) -> Answer:
        """The agent's answer, its cited sources, and a confidence from retrieval and the model;
        the offline brain's answer when the model cannot be trusted with this one."""
        polite = polite_answer(self.parts.brand, question, history, language)
        if polite is not None:
            return polite  # "thanks!" needs no model, and must not read as unanswered
        conversation = current_conversation(history)
        offline: dict[str, Any] = {"question": question, "participant": participant, "history": history, "language": language}
        if not self.breaker.allow():
            log.debug("LLM skipped, circuit open: provider=%s conversation=%s", self.options.provider, conversation)
            return await self._offline("circuit_open", **offline)
        ctx = AgentContext(participant=participant, parts=self.parts, history=history, language=language)
        try:
            async with asyncio.timeout(self.options.timeout):
                state = await self.agent.ainvoke(  # type: ignore[call-overload]
                    {"messages": transcript(history, question)}, context=ctx)
        except Exception as exc:  # noqa: BLE001 - the model failing must not leave the customer without a reply
            failure = classify(exc)
            self._failed(failure, conversation)
            return await self._offline(failure.kind, wants_human=ctx.wants_human, **offline)
        except BaseException:  # cancelled: says nothing about the model
            self.breaker.release()
            raise
        self.breaker.record_success()
        final = state["messages"][-1]
        text = final.text.strip() if isinstance(final, AIMessage) else ""
        checked = check_answer(
            text, hits=list(ctx.hits.values()), returned=ctx.returned,
            grounds=Grounds(ctx.order_results, ctx.other_results, question),
            order_numbers=self.parts.orders.ids_in, allowed_domains=self.allowed_domains(),
            word_limit=self.word_limit, sign_off=self.parts.brand.sign_off,
        )
        if checked.refused:
            log.warning("LLM answer refused: provider=%s conversation=%s checks=%s; answering offline (%s)",
                        self.options.provider, conversation, ",".join(checked.checks_failed),
                        "; ".join(checked.problems))
            return await self._offline(checked.checks_failed[0], wants_human=ctx.wants_human, **offline)
        return self._judge(checked, ctx)

    def _failed(self, failure: LlmFailure, conversation: str) -> None:
        """One log line and one count per failed call; the breaker hears of it."""
        self.metrics.llm_failures.labels(failure.kind).inc()
        seconds = f" after {self.options.timeout:g} s" if failure.kind == "timeout" else ""
        log.warning("LLM %s%s: provider=%s status=%s conversation=%s error=%s; answering offline",
                    failure.kind, seconds, self.options.provider, failure.status or "-", conversation, failure.error)
        if failure.trips:
            self.breaker.record_failure()
        else:  # the service answered (a 4xx): the breaker would not help
            self.breaker.record_success()

    def _breaker_changed(self, before: BreakerState, now: BreakerState) -> None:
        self.metrics.llm_circuit.state(now)
        provider = self.options.provider
        if now == "open":
            log.warning("LLM circuit open: provider=%s failures=%d; answering offline for %g s",
                        provider, self.breaker.consecutive_failures, self.options.breaker_seconds)
        elif now == "half_open":
            log.info("LLM circuit half-open: provider=%s; trying the model again", provider)
        else:
            log.info("LLM circuit closed: provider=%s answers again", provider)

    async def _offline(
        self, reason: str, *, question: str, participant: Participant, history: Sequence[Message], language: str,
        wants_human: bool = False,
    ) -> Answer:
        """The offline brain's answer (a person asked for through the model is still asked for)."""
        self.metrics.llm_fallbacks.labels(reason).inc()
        answer = await self.fallback.answer(question, participant=participant, history=history, language=language)
        return replace(answer, wants_human=True) if wants_human and not answer.wants_human else answer

    def _judge(self, checked: Checked, ctx: AgentContext) -> Answer:
        hits = sorted(ctx.hits.values(), key=lambda h: h.relevance, reverse=True)
        text = checked.text
        used_slugs = {h.slug for h in checked.used}
        used = [h for h in hits if h.slug in used_slugs]  # cited or quoted: the only sources shown
        relevant = used or [h for h in hits if h.relevance >= self.parts.threshold]
        grounded = max([h.relevance for h in relevant] + [ctx.tool_confidence], default=0.0)
        if not hits and ctx.tool_confidence == 0.0:
            grounded = UNGROUNDED_CONFIDENCE
        sources: list[Source] = [h.source for h in used]
        if not text or _DONT_KNOW.search(text):
            return Answer(text=text or None, sources=[], confidence=DONT_KNOW_CONFIDENCE, wants_human=ctx.wants_human)
        return Answer(text=text, sources=sources, confidence=round(grounded, 4), wants_human=ctx.wants_human)
