"""The LLM brain: a LangChain agent that searches the help centre and our data, and must cite it."""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from langchain.agents import create_agent
from langchain.chat_models import init_chat_model
from langchain.tools import ToolRuntime, tool
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage

from bot.brain.answerer import (
    ORDER_FOUND_CONFIDENCE,
    ORDER_NOT_FOUND_CONFIDENCE,
    VENDOR_CONFIDENCE,
    BrainParts,
    OfflineBrain,
)
from bot.brain.retrieval import ArticleHit
from bot.models import Answer, Message, Participant, Source

log = logging.getLogger(__name__)

HISTORY_MESSAGES = 8  # earlier transcript lines given to the model
UNGROUNDED_CONFIDENCE = 0.2  # an answer that used no tool at all is not to be trusted
DONT_KNOW_CONFIDENCE = 0.05
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


@tool
async def search_help_centre(query: str, runtime: ToolRuntime[AgentContext]) -> str:
    """Search the marketplace's help centre. Returns the most relevant passages, each with its
    article title, url and a relevance between 0 and 1. Cite the url of every article you use."""
    ctx = runtime.context
    result = await ctx.parts.search_for(ctx.language).search(query, ctx.participant.role, ctx.history, k=3)
    if not result.hits:
        return "No help-centre article matches."
    blocks = []
    for hit in result.hits:
        known = ctx.hits.get(hit.slug)
        if known is None or hit.relevance > known.relevance:
            ctx.hits[hit.slug] = hit
        text = "\n".join(p.chunk.text for p in hit.passages[:2])
        blocks.append(f"[{hit.title}]({hit.url}) relevance {hit.relevance:.2f}\n{text}")
    return "\n\n---\n\n".join(blocks)


@tool
def order_status(order_id: str, runtime: ToolRuntime[AgentContext]) -> str:
    """Look up an order by its number (like HM-100234): status, parcels, carriers and ETAs, as far as
    this customer may see them."""
    ctx = runtime.context
    found = ctx.parts.orders.lookup(order_id, ctx.participant)
    confidence = ORDER_FOUND_CONFIDENCE if found.found else ORDER_NOT_FOUND_CONFIDENCE
    ctx.tool_confidence = max(ctx.tool_confidence, confidence)
    return found.text


@tool
def vendor_contact(vendor: str, runtime: ToolRuntime[AgentContext]) -> str:
    """Contact details (email, support hours, usual reply time) of a vendor, by name or id (V-1001)."""
    ctx = runtime.context
    vendors = ctx.parts.vendors.find(vendor)
    if vendors:
        ctx.tool_confidence = max(ctx.tool_confidence, VENDOR_CONFIDENCE)
    return ctx.parts.vendors.lookup(vendor)


@tool
def request_human(reason: str, runtime: ToolRuntime[AgentContext]) -> str:
    """Hand the conversation to a person on the support team. Use it when the customer asks for a
    person, or when you cannot help. `reason` is one short sentence for the staff."""
    runtime.context.wants_human = True
    return "A person from the support team has been asked to take over this conversation; tell the customer so."


TOOLS = [search_help_centre, order_status, vendor_contact, request_human]


def system_prompt(parts: BrainParts) -> str:
    """The brand voice, and the rules that keep answers grounded and cited."""
    brand = parts.brand
    lines = [
        f"You are {brand.bot_name}, the support assistant of {brand.marketplace}. Your tone: {brand.tone}.",
        "You help buyers and vendors with questions about the marketplace.",
        "Rules:",
        "- Before answering any question about how the marketplace works, call search_help_centre.",
        "- Answer ONLY from what the tools return. Never invent policies, amounts, dates or contact details.",
        "- Cite every help-centre article you used with its url, like (Source: https://...).",
        "- For an order number (like HM-100234) call order_status; for a vendor's contact details call vendor_contact.",
        "- If the customer asks for a person, call request_human.",
        "- If the tools do not answer the question, reply: \"I don't know.\" and offer a person.",
        "- Never ask for full card numbers, passwords or one-time codes.",
        "- Keep answers short: a few sentences or a short list.",
    ]
    if brand.sign_off:
        lines.append(f"- End your answer with: {brand.sign_off}")
    return "\n".join(lines)


def transcript(history: Sequence[Message], question: str) -> list[BaseMessage]:
    """The last turns of the conversation as chat messages, ending with the question."""
    messages: list[BaseMessage] = []
    earlier = [m for m in history if m.author in ("customer", "bot", "human")]
    if earlier and earlier[-1].author == "customer" and earlier[-1].text.strip() == question.strip():
        earlier = earlier[:-1]
    for message in earlier[-HISTORY_MESSAGES:]:
        if message.author == "customer":
            messages.append(HumanMessage(message.text))
        else:
            messages.append(AIMessage(message.text))
    messages.append(HumanMessage(question))
    return messages


def make_model(llm: str, base_url: str | None, api_key: str | None) -> BaseChatModel:
    """The chat model named `provider:model` (e.g. `openai:gpt-4o-mini`)."""
    options: dict[str, Any] = {"temperature": 0, "max_retries": 2}
    if base_url:
        options["base_url"] = base_url
    if api_key:
        options["api_key"] = api_key
    return init_chat_model(llm, **options)  # type: ignore[return-value]


class AgentBrain:
    """Answers with an LLM agent over the help centre and our tools; falls back to the offline brain."""

    def __init__(self, parts: BrainParts, model: BaseChatModel) -> None:
        self.parts = parts
        self.agent = create_agent(model, tools=TOOLS, system_prompt=system_prompt(parts), context_schema=AgentContext)
        self.fallback = OfflineBrain(parts)

    async def reload_if_changed(self) -> bool:
        """Swap in a rebuilt index if there is one."""
        return await self.parts.reload_if_changed()

    async def run_reloader(self, interval: float = 2.0) -> None:
        """Poll for rebuilt indexes forever (start as a task at start-up)."""
        await self.fallback.run_reloader(interval)

    async def answer(
        self, question: str, *, participant: Participant, history: Sequence[Message], language: str = "en"
    ) -> Answer:
        """The agent's answer, its cited sources, and a confidence from retrieval and the model."""
        ctx = AgentContext(participant=participant, parts=self.parts, history=history, language=language)
        try:
            state = await self.agent.ainvoke({"messages": transcript(history, question)}, context=ctx)
        except Exception as exc:  # noqa: BLE001 - the model being down must not leave the customer without a reply
            log.warning("LLM unavailable, answering offline: %s", exc.__class__.__name__)
            return await self.fallback.answer(question, participant=participant, history=history, language=language)
        final = state["messages"][-1]
        text = final.text.strip() if isinstance(final, AIMessage) else ""
        return self._judge(text, ctx)

    def _judge(self, text: str, ctx: AgentContext) -> Answer:
        hits = sorted(ctx.hits.values(), key=lambda h: h.relevance, reverse=True)
        lowered = text.lower()
        cited = [h for h in hits if h.url.lower() in lowered or h.title.lower() in lowered]
        used = cited or [h for h in hits if h.relevance >= self.parts.threshold]
        grounded = max([h.relevance for h in used] + [ctx.tool_confidence], default=0.0)
        if not hits and ctx.tool_confidence == 0.0:
            grounded = UNGROUNDED_CONFIDENCE
        sources: list[Source] = [h.source for h in used]
        if not text or _DONT_KNOW.search(text):
            return Answer(text=text or None, sources=[], confidence=DONT_KNOW_CONFIDENCE, wants_human=ctx.wants_human)
        return Answer(text=text, sources=sources, confidence=round(grounded, 4), wants_human=ctx.wants_human)
