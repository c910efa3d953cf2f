<?xml version="1.0" encoding="utf-8"?>
<!--
  Shows the portal's Atom feeds as a readable page in a browser: what a feed
  is, how to subscribe, and the entries. Served from the site itself and named
  by the feeds' <?xml-stylesheet?> instruction. The output has no inline
  script or style (the site's Content-Security-Policy forbids both): it links
  the site's own stylesheet. A feed reader ignores all of this.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:atom="http://www.w3.org/2005/Atom"
    xmlns:xhtml="http://www.w3.org/1999/xhtml"
    exclude-result-prefixes="atom xhtml">

  <xsl:output method="html" encoding="utf-8" indent="yes"
      doctype-system="about:legacy-compat"/>

  <xsl:template match="/atom:feed">
    <html lang="sv">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="atom:title"/> (flöde)</title>
        <link rel="icon" href="data:,"/>
        <link rel="stylesheet" href="/static/css/portal.css"/>
      </head>
      <body class="page-feed">
        <a class="skip-link" href="#main">Hoppa till innehållet</a>
        <header class="site-header">
          <div class="container site-header__inner">
            <a class="site-header__name" href="/">
              <xsl:value-of select="atom:author/atom:name"/>
            </a>
          </div>
        </header>
        <main id="main" tabindex="-1">
          <div class="container container--narrow">
            <h1><xsl:value-of select="atom:title"/></h1>
            <xsl:if test="atom:subtitle">
              <p class="lead"><xsl:value-of select="atom:subtitle"/></p>
            </xsl:if>
            <p><a href="{atom:link[@rel='alternate']/@href}">Till sidan på webbplatsen</a></p>

            <section class="feed-about message" aria-labelledby="feed-about-heading">
              <h2 id="feed-about-heading">Det här är ett flöde</h2>
              <p>Ett flöde (Atom) är en lista över det senaste som publicerats
                här. Med en flödesläsare – en app eller ett tillägg i
                webbläsaren, eller funktionen för flöden i ditt e-postprogram –
                får du veta när något nytt kommer, utan att behöva gå in och
                titta. Du behöver inget konto hos oss.</p>
              <p>Så prenumererar du: kopiera adressen nedan och klistra in den i
                flödesläsaren, där det står ungefär ”lägg till flöde” eller
                ”prenumerera”.</p>
              <p><span class="feed-about__label">Flödets adress: </span>
                <code><xsl:value-of select="atom:link[@rel='self']/@href"/></code></p>
            </section>

            <h2>Senast publicerat</h2>
            <xsl:choose>
              <xsl:when test="atom:entry">
                <ol class="comment-list feed-entries">
                  <xsl:apply-templates select="atom:entry"/>
                </ol>
              </xsl:when>
              <xsl:otherwise>
                <p>Inget publicerat ännu.</p>
              </xsl:otherwise>
            </xsl:choose>
          </div>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li class="comment feed-entry">
      <h3 class="feed-entry__title">
        <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      </h3>
      <p class="comment__meta">
        <xsl:if test="atom:author/atom:name">
          <span class="comment__author"><xsl:value-of select="atom:author/atom:name"/></span>
          <xsl:text>, </xsl:text>
        </xsl:if>
        <time datetime="{atom:published}">
          <xsl:value-of select="substring(atom:published, 1, 10)"/>
        </time>
        <xsl:for-each select="atom:category">
          <xsl:text> · </xsl:text>
          <xsl:value-of select="@term"/>
        </xsl:for-each>
      </p>
      <xsl:choose>
        <xsl:when test="atom:content[@type='xhtml']">
          <div class="feed-entry__content">
            <xsl:apply-templates select="atom:content/xhtml:div/node()" mode="xhtml"/>
          </div>
        </xsl:when>
        <xsl:when test="atom:summary">
          <p><xsl:value-of select="atom:summary"/></p>
        </xsl:when>
      </xsl:choose>
    </li>
  </xsl:template>

  <!-- Entry content: XHTML from our own templates, copied without namespace
       so that the HTML output has ordinary elements. -->
  <xsl:template match="xhtml:*" mode="xhtml">
    <xsl:element name="{local-name()}">
      <xsl:for-each select="@href | @rel | @class">
        <xsl:attribute name="{local-name()}"><xsl:value-of select="."/></xsl:attribute>
      </xsl:for-each>
      <xsl:apply-templates select="node()" mode="xhtml"/>
    </xsl:element>
  </xsl:template>

  <xsl:template match="text()" mode="xhtml">
    <xsl:value-of select="."/>
  </xsl:template>
</xsl:stylesheet>
